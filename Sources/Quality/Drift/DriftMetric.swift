import Foundation

/// One drift metric as reported: its value, the limits it was held to, and its status.
public struct DriftMetric: Hashable, Sendable {
    /// The metrics the monitor computes, by their report names.
    public enum Name: String, Hashable, Sendable, Codable, CaseIterable {
        /// The current window has too few interactions (absolute check, also in snapshot mode).
        case currentInteractions = "current_interactions"
        /// The reference window has too few interactions (comparison mode only).
        case referenceInteractions = "reference_interactions"
        /// PSI of the rating distribution (1 to 5 stars), reference → current.
        case ratingPSI = "rating_psi"
        /// |top_100(ref) ∩ top_100(cur)| / min(100, movies in each).
        case top100Overlap = "top100_overlap"
        /// Current minus reference share of interactions on the top-10 movies.
        case top10ShareDelta = "top10_share_delta"
        /// Current minus reference share of interactions on the top-100 movies.
        case top100ShareDelta = "top100_share_delta"
        /// Current minus reference Gini coefficient of per-movie interactions.
        case giniDelta = "gini_delta"
        /// PSI of users over log2 activity buckets, reference → current.
        case userActivityPSI = "user_activity_psi"

        /// How the metric's value is held to its limits.
        public var comparison: Comparison {
            switch self {
            case .currentInteractions, .referenceInteractions, .top100Overlap: .below
            case .ratingPSI, .userActivityPSI: .above
            case .top10ShareDelta, .top100ShareDelta, .giniDelta: .magnitudeAbove
            }
        }
    }

    /// Which side of a limit is bad.
    public enum Comparison: String, Hashable, Sendable, Codable {
        /// Bad when the value is above the limit.
        case above
        /// Bad when the value is below the limit.
        case below
        /// Bad when the absolute value is above the limit (signed deltas).
        case magnitudeAbove = "magnitude_above"
    }

    /// The outcome for one metric (and, without `skipped`, for the whole report).
    public enum Status: String, Hashable, Sendable, Codable, Comparable {
        /// Not computed: no reference window, or no data for it (see `detail`). Never fails.
        case skipped
        case pass
        case warn
        case block

        private var rank: Int {
            switch self {
            case .skipped: 0
            case .pass: 1
            case .warn: 2
            case .block: 3
            }
        }
        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    public var name: Name
    /// The value; `nil` when skipped.
    public var value: Double?
    public var status: Status
    /// The limits the value was held to.
    public var limit: DriftThresholds.Limit
    /// Why the metric was skipped, or empty.
    public var detail: String

    /// Creates a metric result.
    public init(name: Name, value: Double?, status: Status, limit: DriftThresholds.Limit, detail: String = "") {
        self.name = name
        self.value = value
        self.status = status
        self.limit = limit
        self.detail = detail
    }

    /// Tolerance for "equal to the limit": floating-point noise must not flip a verdict.
    static let tolerance = 1e-9

    /// Holds `value` to `limit` for metric `name`: block if beyond the block limit, else warn
    /// if beyond the warn limit, else pass; `nil` values are skipped with `detail`.
    static func evaluate(_ name: Name, _ value: Double?, _ limit: DriftThresholds.Limit, skipped detail: String)
        -> DriftMetric
    {
        guard let value else {
            return DriftMetric(name: name, value: nil, status: .skipped, limit: limit, detail: detail)
        }
        var status = Status.pass
        if let warn = limit.warn, crosses(value, warn, name.comparison) { status = .warn }
        if let block = limit.block, crosses(value, block, name.comparison) { status = .block }
        return DriftMetric(name: name, value: value, status: status, limit: limit)
    }

    static func crosses(_ value: Double, _ limit: Double, _ comparison: Comparison) -> Bool {
        switch comparison {
        case .above: value > limit + tolerance
        case .below: value < limit - tolerance
        case .magnitudeAbove: abs(value) > limit + tolerance
        }
    }
}

extension DriftMetric: Codable {
    enum CodingKeys: String, CodingKey {
        case name, value, status, comparison, warn, block, detail
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(status, forKey: .status)
        try container.encode(name.comparison, forKey: .comparison)
        try container.encode(limit.warn, forKey: .warn)
        try container.encode(limit.block, forKey: .block)
        try container.encode(detail, forKey: .detail)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(Name.self, forKey: .name)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        status = try container.decode(Status.self, forKey: .status)
        limit = DriftThresholds.Limit(
            warn: try container.decodeIfPresent(Double.self, forKey: .warn),
            block: try container.decodeIfPresent(Double.self, forKey: .block))
        detail = try container.decodeIfPresent(String.self, forKey: .detail) ?? ""
    }
}
