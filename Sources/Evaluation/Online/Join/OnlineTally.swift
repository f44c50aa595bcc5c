/// The online join's result: counts per variant, overall and unattributed, and per time bucket.
/// Batch runs build it from a log; streaming runs from `wtr_windows` rows. Reports read it.
public struct OnlineTally: Sendable, Hashable {
    /// A point of the time series: a bucket of event instants for one arm (nil: unattributed).
    public struct SeriesKey: Sendable, Hashable, Comparable {
        public var arm: Arm?
        /// The bucket's start, seconds since 1970 (UTC).
        public var bucketStart: Int64

        public init(arm: Arm?, bucketStart: Int64) {
            self.arm = arm
            self.bucketStart = bucketStart
        }

        public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
            switch (lhs.arm, rhs.arm) {
            case (nil, nil): return lhs.bucketStart < rhs.bucketStart
            case (nil, _): return false
            case (_, nil): return true
            case (let a?, let b?): return (a, lhs.bucketStart) < (b, rhs.bucketStart)
            }
        }
    }

    /// Every event, attributed or not.
    public var overall = ArmTally()
    /// Events no served answer explains.
    public var unattributed = ArmTally()
    /// Attributed events per variant.
    public var arms: [Arm: ArmTally] = [:]
    /// The same counts per time bucket (by the event's instant).
    public var series: [SeriesKey: ArmTally] = [:]
    /// The model versions that answered, per variant.
    public var modelVersions: [Arm: Set<String>] = [:]
    /// Recommendation lines dropped as exact copies of one already counted.
    public var duplicates = 0
    /// The earliest and latest event instants (nanoseconds since 1970), nil without events.
    public var firstEvent: Int64?
    public var lastEvent: Int64?

    public init() {}

    /// Counts one event of `arm` (nil: unattributed) at `at`.
    public mutating func record(
        arm: Arm?, modelVersion: String?, at: Int64, status: Int16, latencyMilliseconds: Int32, converted: Bool,
        bucketStart: Int64
    ) {
        let ok = status == 200 ? 1 : 0
        let conversion = status == 200 && converted ? 1 : 0
        func count(_ tally: inout ArmTally) {
            tally.events += 1
            tally.ok += ok
            tally.conversions += conversion
            tally.latency.record(latencyMilliseconds)
        }
        count(&overall)
        if let arm {
            count(&arms[arm, default: ArmTally()])
            if let modelVersion, modelVersions[arm]?.contains(modelVersion) != true {
                modelVersions[arm, default: []].insert(modelVersion)
            }
        } else {
            count(&unattributed)
        }
        count(&series[SeriesKey(arm: arm, bucketStart: bucketStart), default: ArmTally()])
        firstEvent = min(firstEvent ?? at, at)
        lastEvent = max(lastEvent ?? at, at)
    }

    /// Adds a stored window's counts (streaming mode's `wtr_windows`).
    public mutating func add(arm: Arm?, bucketStart: Int64, tally: ArmTally) {
        overall.merge(tally)
        if let arm { arms[arm, default: ArmTally()].merge(tally) } else { unattributed.merge(tally) }
        series[SeriesKey(arm: arm, bucketStart: bucketStart), default: ArmTally()].merge(tally)
        let at = bucketStart * 1_000_000_000
        firstEvent = min(firstEvent ?? at, at)
        lastEvent = max(lastEvent ?? at, at)
    }
}

extension OnlineTally {
    /// Adds the counts of `other`, made from other events of the same log (tallies of parts of
    /// the events merge into the tally of all of them, in any order).
    public mutating func merge(_ other: OnlineTally) {
        overall.merge(other.overall)
        unattributed.merge(other.unattributed)
        arms.merge(other.arms) { mine, theirs in
            var sum = mine
            sum.merge(theirs)
            return sum
        }
        series.merge(other.series) { mine, theirs in
            var sum = mine
            sum.merge(theirs)
            return sum
        }
        modelVersions.merge(other.modelVersions) { $0.union($1) }
        duplicates += other.duplicates
        firstEvent = [firstEvent, other.firstEvent].compactMap { $0 }.min()
        lastEvent = [lastEvent, other.lastEvent].compactMap { $0 }.max()
    }
}
