/// Client latencies in fixed buckets, so tallies merge (per window, per variant) and
/// percentiles come out without keeping every value: 1 ms wide below 100 ms, 10 ms wide below
/// 1 s, 100 ms wide below 10 s, and one bucket for 10 s and over. A percentile is the upper
/// edge of its bucket (exact to the millisecond below 100 ms).
public struct LatencyHistogram: Sendable, Hashable, Codable {
    /// The number of buckets.
    public static let bucketCount = 100 + 90 + 90 + 1

    /// Counts per bucket (``bucketCount`` of them).
    public private(set) var counts: [Int]

    public init() { counts = Array(repeating: 0, count: Self.bucketCount) }

    /// A histogram from stored counts; nil unless there are ``bucketCount`` of them.
    public init?(counts: [Int]) {
        guard counts.count == Self.bucketCount else { return nil }
        self.counts = counts
    }

    /// Values recorded.
    public var total: Int { counts.reduce(0, +) }

    /// The bucket of `milliseconds` (negative values count as 0).
    public static func bucket(of milliseconds: Int32) -> Int {
        let ms = Int(max(0, milliseconds))
        if ms < 100 { return ms }
        if ms < 1000 { return 100 + (ms - 100) / 10 }
        if ms < 10_000 { return 190 + (ms - 1000) / 100 }
        return bucketCount - 1
    }

    /// The largest value bucket `index` holds, in ms (its upper edge); 10 s for the last one.
    public static func upperEdge(of index: Int) -> Int {
        if index < 100 { return index }
        if index < 190 { return 100 + (index - 100) * 10 + 9 }
        if index < 280 { return 1000 + (index - 190) * 100 + 99 }
        return 10_000
    }

    public mutating func record(_ milliseconds: Int32) { counts[Self.bucket(of: milliseconds)] += 1 }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// The `q` quantile (0...1) in ms, as the upper edge of the bucket holding it; nil when empty.
    public func percentile(_ q: Double) -> Int? {
        let total = self.total
        guard total > 0 else { return nil }
        let rank = max(1, Int((q * Double(total)).rounded(.up)))
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if seen >= rank { return Self.upperEdge(of: index) }
        }
        return Self.upperEdge(of: counts.count - 1)
    }
}

/// What one variant (or the overall stream, or the unattributed events) adds up to.
public struct ArmTally: Sendable, Hashable, Codable {
    /// Recommendation events, any status.
    public var events = 0
    /// Events with status 200: WTR's denominator.
    public var ok = 0
    /// Status-200 events that converted: WTR's numerator.
    public var conversions = 0
    /// Client latencies of all events.
    public var latency = LatencyHistogram()

    public init() {}

    public init(events: Int, ok: Int, conversions: Int, latency: LatencyHistogram) {
        self.events = events
        self.ok = ok
        self.conversions = conversions
        self.latency = latency
    }

    /// Conversions out of status-200 events.
    public var watchThrough: Proportion { Proportion(successes: conversions, trials: ok) }

    /// Share of events the client saw fail (status ≠ 200); 0 without events.
    public var failureShare: Double { events == 0 ? 0 : Double(events - ok) / Double(events) }

    public mutating func merge(_ other: ArmTally) {
        events += other.events
        ok += other.ok
        conversions += other.conversions
        latency.merge(other.latency)
    }
}
