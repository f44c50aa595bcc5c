/// The drift monitor's answer: each window's figures, each metric with its status, the
/// overall verdict and the metrics that caused it. Encodes to JSON matching
/// `schemas/drift-report.schema.json` (snake_case keys, nulls written out).
public struct DriftReport: Hashable, Sendable, Codable {
    /// Whether a reference window was compared against.
    public enum Mode: String, Hashable, Sendable, Codable {
        /// Reference vs current: every metric computed.
        case compare
        /// Current window alone: its figures reported; only absolute checks can fail.
        case snapshot
    }

    /// The gate's reading of the report.
    public enum Verdict: String, Hashable, Sendable, Codable {
        case pass, warn, block
    }

    /// A metric that crossed a limit, and which.
    public struct Failure: Hashable, Sendable, Codable {
        public var metric: DriftMetric.Name
        /// `warn` or `block`.
        public var level: Verdict
        public var value: Double
        /// The limit that was crossed.
        public var threshold: Double
        public var comparison: DriftMetric.Comparison
        /// e.g. `top10_share_delta = 0.12 > 0.08`, `top100_overlap = 0.35 < 0.4`,
        /// `gini_delta = -0.11, magnitude > 0.1`.
        public var summary: String
    }

    public var mode: Mode
    public var verdict: Verdict
    /// The reference window's figures; `nil` in snapshot mode.
    public var reference: DriftWindowStatistics?
    public var current: DriftWindowStatistics
    /// Every metric, in ``DriftMetric/Name`` order, skipped ones included.
    public var metrics: [DriftMetric]
    /// The metrics at warn or block, blocks first.
    public var failing: [Failure]
    /// The limits the metrics were held to.
    public var thresholds: DriftThresholds

    /// Creates a report.
    public init(
        mode: Mode, verdict: Verdict, reference: DriftWindowStatistics?, current: DriftWindowStatistics,
        metrics: [DriftMetric], failing: [Failure], thresholds: DriftThresholds
    ) {
        self.mode = mode
        self.verdict = verdict
        self.reference = reference
        self.current = current
        self.metrics = metrics
        self.failing = failing
        self.thresholds = thresholds
    }

    /// The metric called `name`, if reported.
    public func metric(_ name: DriftMetric.Name) -> DriftMetric? {
        metrics.first { $0.name == name }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reference, forKey: .reference)
        try container.encode(current, forKey: .current)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(failing, forKey: .failing)
        try container.encode(thresholds, forKey: .thresholds)
    }
}
