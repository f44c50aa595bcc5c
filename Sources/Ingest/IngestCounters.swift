/// What an ingest has taken in: per batch in ``IngestBatchBuilder``, summed over committed
/// batches by ``IngestService``.
public struct IngestCounters: Sendable, Hashable {
    public var lines = 0
    public var watches = 0
    public var ratings = 0
    /// New recommendation events (duplicates excluded).
    public var recommendations = 0
    /// Quarantined lines by rule name (`duplicate` included).
    public var quarantinedByRule: [String: Int] = [:]

    public init() {}

    /// All quarantined lines.
    public var quarantined: Int { quarantinedByRule.values.reduce(0, +) }

    /// Adds another batch's counts.
    public mutating func add(_ other: IngestCounters) {
        lines += other.lines
        watches += other.watches
        ratings += other.ratings
        recommendations += other.recommendations
        quarantinedByRule.merge(other.quarantinedByRule, uniquingKeysWith: +)
    }
}
