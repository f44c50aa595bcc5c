/// The limits that turn drift metrics into a verdict, with the defaults of issue 4.
///
/// A metric *crosses* a limit only when it is strictly beyond it (by more than 1e-9, so a
/// value equal to the limit up to floating-point rounding passes): `rating_psi` 0.25 is a
/// warn, not a block; `top100_overlap` 0.40 passes. Decoding fills missing keys with the
/// defaults, so a configuration file names only what it changes.
public struct DriftThresholds: Hashable, Sendable {
    /// A warn and a block limit for one metric; `nil` disables that level.
    public struct Limit: Hashable, Sendable, Codable {
        public var warn: Double?
        public var block: Double?

        /// Creates a limit.
        public init(warn: Double?, block: Double?) {
            self.warn = warn
            self.block = block
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(warn, forKey: .warn)
            try container.encode(block, forKey: .block)
        }
    }

    /// Rating-distribution PSI: warn above 0.1, block above 0.25 (the usual PSI bands).
    public var ratingPSI = Limit(warn: 0.10, block: 0.25)
    /// User-activity PSI (over log2 buckets of interactions per user): warn above 0.1, block
    /// above 0.25, the same bands as any PSI.
    public var userActivityPSI = Limit(warn: 0.10, block: 0.25)
    /// Top-100 popularity overlap: block below 0.40; no warn level by default.
    public var top100Overlap = Limit(warn: nil, block: 0.40)
    /// |Δ top-10 share|: warn above 0.05, block above 0.08.
    public var top10ShareDelta = Limit(warn: 0.05, block: 0.08)
    /// |Δ top-100 share|: warn above 0.10 (moderate), block above 0.15 (strong).
    public var top100ShareDelta = Limit(warn: 0.10, block: 0.15)
    /// |Δ popularity Gini|: warn above 0.06, block above 0.10.
    public var giniDelta = Limit(warn: 0.06, block: 0.10)
    /// A window (current, or reference when comparing) with fewer interactions blocks;
    /// default 1, so only an empty window blocks.
    public var minimumInteractions = 1

    /// The defaults above.
    public init() {}

    /// The limit of one metric (the interaction minimum as a block-below limit).
    public func limit(for metric: DriftMetric.Name) -> Limit {
        switch metric {
        case .ratingPSI: ratingPSI
        case .userActivityPSI: userActivityPSI
        case .top100Overlap: top100Overlap
        case .top10ShareDelta: top10ShareDelta
        case .top100ShareDelta: top100ShareDelta
        case .giniDelta: giniDelta
        case .currentInteractions, .referenceInteractions: Limit(warn: nil, block: Double(minimumInteractions))
        }
    }
}

extension DriftThresholds: Codable {
    enum CodingKeys: String, CodingKey {
        case ratingPSI = "rating_psi", userActivityPSI = "user_activity_psi", top100Overlap = "top100_overlap"
        case top10ShareDelta = "top10_share_delta", top100ShareDelta = "top100_share_delta", giniDelta = "gini_delta"
        case minimumInteractions = "minimum_interactions"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DriftThresholds()
        func limit(_ key: CodingKeys, _ fallback: Limit) throws -> Limit {
            try container.decodeIfPresent(Limit.self, forKey: key) ?? fallback
        }
        ratingPSI = try limit(.ratingPSI, defaults.ratingPSI)
        userActivityPSI = try limit(.userActivityPSI, defaults.userActivityPSI)
        top100Overlap = try limit(.top100Overlap, defaults.top100Overlap)
        top10ShareDelta = try limit(.top10ShareDelta, defaults.top10ShareDelta)
        top100ShareDelta = try limit(.top100ShareDelta, defaults.top100ShareDelta)
        giniDelta = try limit(.giniDelta, defaults.giniDelta)
        minimumInteractions =
            try container.decodeIfPresent(Int.self, forKey: .minimumInteractions) ?? defaults.minimumInteractions
    }
}
