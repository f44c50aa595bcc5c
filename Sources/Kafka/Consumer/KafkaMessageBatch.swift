/// Messages taken from Kafka in one ``KafkaConsumer/poll(maxMessages:timeout:)``, copied into
/// one buffer, with the consumer's view of its assignment at that moment.
public struct KafkaMessageBatch: Sendable {
    /// Where one message sits in ``storage``.
    public struct Entry: Sendable, Hashable {
        public var partition: Int32
        public var offset: Int64
        var start: Int
        var count: Int
    }

    /// Changes whenever the assignment changes (rebalance or rewind). Messages of an older
    /// generation are never returned with a newer one.
    public internal(set) var generation: UInt64 = 0
    /// The offset each assigned partition was started from in this generation (read from
    /// the offset store at assignment).
    public internal(set) var startOffsets: [Int32: Int64] = [:]
    /// Partitions that reached their end and have had no message since.
    public var partitionsAtEnd: Set<Int32> = []
    /// Messages behind the high watermark, summed over the assigned partitions, as last
    /// reported by the brokers.
    public internal(set) var lag: Int64 = 0
    /// Offsets a partition jumped over in this poll: messages deleted by retention before
    /// they were read (or removed by compaction).
    public internal(set) var skippedOffsets: Int64 = 0
    public internal(set) var entries: [Entry] = []
    var storage: [UInt8] = []

    /// An empty batch (also used by sources that are not Kafka, e.g. a file's lines).
    public init(generation: UInt64 = 0, startOffsets: [Int32: Int64] = [:]) {
        self.generation = generation
        self.startOffsets = startOffsets
    }

    /// Whether every assigned partition has reached its end (false with no assignment).
    public var isAtEnd: Bool {
        !startOffsets.isEmpty && startOffsets.keys.allSatisfy { partitionsAtEnd.contains($0) }
    }

    /// Calls `body` with the bytes of the message at `entry`.
    public func withBytes<Result>(of entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result
    {
        try storage.withUnsafeBytes {
            try body(UnsafeRawBufferPointer(rebasing: $0[entry.start..<(entry.start + entry.count)]))
        }
    }

    /// Adds a message (copying its bytes).
    public mutating func append(partition: Int32, offset: Int64, bytes: UnsafeRawBufferPointer) {
        entries.append(Entry(partition: partition, offset: offset, start: storage.count, count: bytes.count))
        storage.append(contentsOf: bytes)
    }

    mutating func removeMessages() {
        skippedOffsets = 0
        entries.removeAll(keepingCapacity: true)
        storage.removeAll(keepingCapacity: true)
    }
}
