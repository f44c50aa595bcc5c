import Kafka

/// Where ingest reads lines from: a Kafka topic through a consumer group, or a file / stdin
/// for backfills. Both number their lines with (partition, offset) positions that the store
/// keeps, so either resumes exactly where its last commit ended.
public protocol LineSource: Sendable {
    /// The group whose positions are stored (`file` for file sources).
    var groupID: String { get }
    /// The topic or file source name, recorded with positions and quarantined lines.
    var sourceName: String { get }
    /// Waits up to `timeout` for lines and returns up to `maxLines` of them.
    func read(maxLines: Int, timeout: Duration) async throws -> SourceRead
    /// Restarts every partition from its stored position (after a conflicting commit).
    func rewind() async throws
    /// Releases the source (a consumer leaves its group).
    func close() async
}

/// Lines from one ``LineSource/read(maxLines:timeout:)``.
public struct SourceRead: Sendable {
    /// The lines with their positions, the assignment generation and the start offsets.
    public var messages: KafkaMessageBatch
    /// The source has no more lines and never will (end of a file); Kafka never finishes.
    public var isFinished: Bool

    public init(messages: KafkaMessageBatch, isFinished: Bool) {
        self.messages = messages
        self.isFinished = isFinished
    }
}
