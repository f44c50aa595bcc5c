import CRdKafka
import Dispatch
import Logging

/// A consumer-group member whose positions live outside Kafka.
///
/// Partitions are assigned by the group protocol. On every assignment the consumer asks
/// `startOffsets` (Marquee reads them from Postgres, where they were written in the same
/// transaction as the rows they cover) and starts each partition there; it never commits
/// offsets to Kafka. Each assignment change starts a new ``KafkaMessageBatch/generation``,
/// so a caller can drop work that belonged to partitions it may no longer own.
///
/// All librdkafka consumer calls run on one serial queue, and so do the rebalance callbacks
/// (librdkafka runs them inside poll), which may block there on `startOffsets`.
public final class KafkaConsumer: Sendable {
    /// Reads the next offset to consume for each partition (absent ⇒ from the beginning).
    /// Called on the consumer's own thread; it may block.
    public typealias StartOffsets = @Sendable (_ topic: String, _ partitions: [Int32]) throws -> [Int32: Int64]

    private let handle: RdKafkaHandle
    private let queue = DispatchQueue(label: "marquee.kafka.consumer")
    private let state: ConsumerState

    /// Properties Marquee sets before the user's `-X` overrides: positions are ours (no
    /// auto-commit), end of partition is reported, and prefetching is generous.
    public static let defaultProperties: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "enable.partition.eof": "true",
        "auto.offset.reset": "earliest",
        "session.timeout.ms": "10000",
        "queued.max.messages.kbytes": "65536",
        // Keep fetching until the local queue holds this many messages (memory stays bounded
        // by queued.max.messages.kbytes); librdkafka's default of 100,000 starved ingest.
        "queued.min.messages": "1000000",
    ]

    /// Joins `configuration.groupID` and subscribes to `configuration.topic`.
    public init(configuration: KafkaConfiguration, startOffsets: @escaping StartOffsets, logger: Logger) throws {
        let state = ConsumerState(topic: configuration.topic, startOffsets: startOffsets, logger: logger)
        self.state = state
        var properties = configuration.clientProperties(over: Self.defaultProperties)
        properties["group.id"] = configuration.groupID
        handle = try RdKafkaHandle(type: RD_KAFKA_CONSUMER, properties: properties, callbackTarget: state) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
        rd_kafka_poll_set_consumer(handle.pointer)
        let topics = rd_kafka_topic_partition_list_new(1)!
        defer { rd_kafka_topic_partition_list_destroy(topics) }
        rd_kafka_topic_partition_list_add(topics, configuration.topic, RD_KAFKA_PARTITION_UA)
        try rdKafka(.consume, "rd_kafka_subscribe", rd_kafka_subscribe(handle.pointer, topics))
    }

    /// Waits up to `timeout` for the first message, then takes what is ready, up to
    /// `maxMessages`. Rebalances happen inside this call.
    /// - Throws: ``KafkaError`` when start offsets could not be read or the client failed.
    public func poll(maxMessages: Int, timeout: Duration) async throws -> KafkaMessageBatch {
        try await onQueue { [handle, state] in
            try state.poll(handle.pointer, maxMessages: maxMessages, timeout: timeout)
        }
    }

    /// Starts every assigned partition again from `startOffsets` (after a conflicting commit,
    /// for example), beginning a new generation.
    public func rewind() async throws {
        try await onQueue { [handle, state] in try state.rewind(handle.pointer) }
    }

    /// Leaves the group (partitions are revoked and reassigned to other members).
    public func close() async {
        _ = try? await onQueue { [handle] in rd_kafka_consumer_close(handle.pointer) }
    }

    private func onQueue<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}

private let rebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { handle, error, partitions, opaque in
        guard let handle, let opaque else { return }
        Unmanaged<ConsumerState>.fromOpaque(opaque).takeUnretainedValue().rebalance(handle, error, partitions)
    }
