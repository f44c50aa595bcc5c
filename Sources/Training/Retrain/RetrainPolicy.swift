import Quality
import Recommenders

/// What a retrain cycle checks, trains and demands of a candidate before promoting it.
public struct RetrainPolicy: Sendable {
    /// Reject rate of `interactions` (0…1) above which validation blocks. Default 0.01.
    public var maxRejectRate = 0.01
    /// Limits of the drift report. Default: ``DriftThresholds``' defaults.
    public var driftThresholds = DriftThresholds()
    /// The ALS candidate. Default: the defaults of `marquee train als`.
    public var als = ModelSpecification.als(ALSConfiguration(), confidence: ConfidenceMapping())
    /// The PopGenre candidate. Default: the defaults of `marquee train popgenre`.
    public var popGenre = ModelSpecification.popGenre(PopGenreConfiguration())
    /// The offline metric that decides. Default `ndcg@20`.
    public var metric = RetrainMetric.ndcg(20)
    /// How much better, relatively, a candidate must score than the incumbent: promoted when
    /// candidate ≥ incumbent × (1 + margin). Default 0.02 (2 %).
    public var margin = 0.02
    /// The fewest users with a held-out interaction newer than the incumbent's data that a
    /// comparison needs; with fewer, the incumbent is kept. Default 30.
    public var minHoldoutUsers = 30
    /// A server to tell to reload after a promotion (it also polls the registry). Default none.
    public var reload: ServerReload?

    /// The defaults above.
    public init() {}

    /// The candidates, in training order.
    public var specifications: [ModelSpecification] { [als, popGenre] }
}

/// An offline ranking metric at a cut-off, as ``Evaluation/OfflineReport/flatMetrics`` names it
/// (`ndcg@20`, `recall@10`, `map@20`, `coverage@20`).
public struct RetrainMetric: Sendable, Hashable, CustomStringConvertible {
    /// `recall`, `ndcg`, `map` or `coverage`.
    public var name: String
    /// The cut-off K (≥ 1).
    public var k: Int

    public static func ndcg(_ k: Int) -> RetrainMetric { RetrainMetric(name: "ndcg", k: k) }

    private init(name: String, k: Int) {
        self.name = name
        self.k = k
    }

    /// Parses `name@K`.
    ///
    /// - Throws: ``RetrainError`` (`configuration`) naming the accepted forms.
    public init(parsing text: String) throws(RetrainError) {
        let parts = text.lowercased().split(separator: "@")
        guard parts.count == 2, Self.names.contains(String(parts[0])), let k = Int(parts[1]), (1...1000).contains(k)
        else {
            throw RetrainError(
                .configuration,
                "metric '\(text)' is not NAME@K with NAME one of \(Self.names.joined(separator: ", ")) and K in "
                    + "1…1000, e.g. ndcg@20 or recall@10")
        }
        self.init(name: String(parts[0]), k: k)
    }

    static let names = ["ndcg", "recall", "map", "coverage"]

    public var description: String { "\(name)@\(k)" }
}
