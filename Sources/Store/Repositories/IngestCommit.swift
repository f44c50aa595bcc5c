import MovieLog

/// One ingest batch, aggregated: everything a range of offsets produced, written with the
/// offsets that cover it in one transaction by ``Store/commit(_:)``.
public struct IngestCommit: Sendable {
    /// The offsets one partition advances over.
    public struct PartitionRange: Sendable, Hashable {
        public var partition: Int32
        /// The stored offset this batch starts from; the commit fails if another writer moved it.
        public var expectedStart: Int64
        /// The offset to store: one past the last message of the batch.
        public var next: Int64

        public init(partition: Int32, expectedStart: Int64, next: Int64) {
            self.partition = partition
            self.expectedStart = expectedStart
            self.next = next
        }
    }

    /// Aggregated change to one user×movie row.
    public struct InteractionUpdate: Sendable, Hashable {
        public var userID: Int64
        public var movieID: MovieID
        /// Distinct minute chunks seen in this batch, ascending.
        public var minutes: [Int32]
        /// Distinct instants of the batch's minute lines, microseconds since 1970, ascending.
        public var watchMicroseconds: [Int64]
        public var firstWatch: Timestamp?
        public var lastWatch: Timestamp?
        /// The batch's latest rating and its time (later line wins on equal microseconds).
        public var rating: Int16?
        public var ratedAt: Timestamp?

        public init(userID: Int64, movieID: MovieID) {
            self.userID = userID
            self.movieID = movieID
            self.minutes = []
            self.watchMicroseconds = []
        }
    }

    /// A valid recommendation line, with the raw text used to recognise byte-identical copies.
    public struct Recommendation: Sendable, Hashable {
        public var raw: String
        public var event: RecommendationEvent
        public var partition: Int32
        public var offset: Int64

        public init(raw: String, event: RecommendationEvent, partition: Int32, offset: Int64) {
            self.raw = raw
            self.event = event
            self.partition = partition
            self.offset = offset
        }
    }

    /// A line kept verbatim with the rule it broke.
    public struct Quarantined: Sendable, Hashable {
        public var partition: Int32
        public var offset: Int64
        public var raw: [UInt8]
        public var rule: String
        public var reason: String

        public init(partition: Int32, offset: Int64, raw: [UInt8], rule: String, reason: String) {
            self.partition = partition
            self.offset = offset
            self.raw = raw
            self.rule = rule
            self.reason = reason
        }
    }

    /// The consumer group (or `file` for backfills) whose positions these are.
    public var groupID: String
    /// The topic, or the file source's name; quarantine rows record it as `source`.
    public var source: String
    public var ranges: [PartitionRange] = []
    public var interactions: [InteractionUpdate] = []
    public var recommendations: [Recommendation] = []
    public var quarantined: [Quarantined] = []

    public init(groupID: String, source: String) {
        self.groupID = groupID
        self.source = source
    }
}

/// What a commit wrote.
public struct IngestCommitOutcome: Sendable, Hashable {
    /// Recommendation events that were new.
    public var recommendationsStored: Int
    /// Recommendation lines already stored by an earlier batch, quarantined as `duplicate`.
    public var duplicates: Int
    /// Lines quarantined, duplicates included.
    public var quarantined: Int

    public init(recommendationsStored: Int, duplicates: Int, quarantined: Int) {
        self.recommendationsStored = recommendationsStored
        self.duplicates = duplicates
        self.quarantined = quarantined
    }
}
