/// One batch of the streaming online evaluator, written with the offsets that cover it in one
/// transaction by ``Store/commit(_:)-(WTRCommit)``: window counts, the pending events' changes and
/// the partitions' watermarks land together with the positions, or none of it does.
public struct WTRCommit: Sendable {
    /// Counts to add to one `wtr_windows` row.
    public struct WindowDelta: Sendable, Hashable {
        /// Empty for unattributed events.
        public var experimentID: String
        public var variant: String
        /// Seconds since 1970.
        public var windowStart: Int64
        public var events: Int64
        public var ok: Int64
        public var conversions: Int64
        /// Client latency histogram buckets.
        public var latencyCounts: [Int64]

        public init(
            experimentID: String, variant: String, windowStart: Int64, events: Int64, ok: Int64, conversions: Int64,
            latencyCounts: [Int64]
        ) {
            self.experimentID = experimentID
            self.variant = variant
            self.windowStart = windowStart
            self.events = events
            self.ok = ok
            self.conversions = conversions
            self.latencyCounts = latencyCounts
        }
    }

    /// An event inside its window, as `wtr_pending` keeps it.
    public struct PendingEvent: Sendable, Hashable {
        public var partition: Int32
        /// Identifies the event: equal keys are copies of one event.
        public var eventKey: String
        public var userID: Int64
        /// Nanoseconds since 1970.
        public var at: Int64
        public var status: Int16
        /// Listed movie ids joined by `,` (empty unless status 200).
        public var items: String
        public var converted: Bool
        /// The served answer attributed to the event, empty when unattributed.
        public var requestID: String
        public var experimentID: String
        public var variant: String

        public init(
            partition: Int32, eventKey: String, userID: Int64, at: Int64, status: Int16, items: String,
            converted: Bool, requestID: String, experimentID: String, variant: String
        ) {
            self.partition = partition
            self.eventKey = eventKey
            self.userID = userID
            self.at = at
            self.status = status
            self.items = items
            self.converted = converted
            self.requestID = requestID
            self.experimentID = experimentID
            self.variant = variant
        }
    }

    public var groupID: String
    public var topic: String
    public var ranges: [IngestCommit.PartitionRange] = []
    public var windows: [WindowDelta] = []
    /// New events (with their conversion so far).
    public var inserted: [PendingEvent] = []
    /// Keys of stored events that converted in this batch.
    public var converted: [String] = []
    /// Keys of stored events whose window has passed.
    public var expired: [String] = []
    /// The latest line instant per partition (nanoseconds).
    public var watermarks: [Int32: Int64] = [:]

    public init(groupID: String, topic: String) {
        self.groupID = groupID
        self.topic = topic
    }
}

/// A `wtr_windows` row.
public struct WTRWindowRow: Sendable, Hashable {
    public var experimentID: String
    public var variant: String
    public var windowStart: Int64
    public var events: Int64
    public var ok: Int64
    public var conversions: Int64
    public var latencyCounts: [Int64]
}
