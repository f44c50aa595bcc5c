import Dispatch
import Kafka
import Logging
import Store
import Synchronization

/// Lines from a Kafka topic, consumed in a group with positions kept in the store.
public struct KafkaLineSource: LineSource {
    public let groupID: String
    public let sourceName: String
    private let consumer: KafkaConsumer

    /// Joins the group; on each assignment, partitions start at the offsets stored in `store`.
    public init(configuration: KafkaConfiguration, store: Store, logger: Logger) throws {
        groupID = configuration.groupID
        sourceName = configuration.topic
        let groupID = configuration.groupID
        consumer = try KafkaConsumer(
            configuration: configuration,
            startOffsets: { topic, partitions in
                try blockingWait {
                    try await store.startOffsets(groupID: groupID, topic: topic, partitions: partitions)
                }
            },
            logger: logger)
    }

    public func read(maxLines: Int, timeout: Duration) async throws -> SourceRead {
        SourceRead(messages: try await consumer.poll(maxMessages: maxLines, timeout: timeout), isFinished: false)
    }

    public func rewind() async throws { try await consumer.rewind() }

    public func close() async { await consumer.close() }
}

/// Runs async `work` and blocks the calling thread until it finishes.
///
/// Only for librdkafka's rebalance callback, which runs synchronously on the consumer's own
/// dispatch queue (never on a Swift concurrency thread) and must have offsets before it
/// returns. The unstructured task is awaited right here, so it cannot outlive its caller.
func blockingWait<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) throws -> Result {
    let outcome = Mutex<Swift.Result<Result, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Swift.Result<Result, any Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}
