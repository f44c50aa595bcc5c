import CRdKafka

/// A Kafka-protocol broker inside this process: librdkafka's mock cluster, which speaks the
/// real protocol over TCP on loopback. For tests, `marquee broker` and `demo`; point
/// production clients at a real Kafka instead.
///
/// The cluster lives as long as this object. Topics are created on first produce with
/// ``defaultPartitions`` partitions, or explicitly with ``createTopic(_:partitions:)``.
public final class EmbeddedBroker: Sendable {
    private let owner: RdKafkaHandle
    // Owned here, destroyed in deinit before `owner`; librdkafka locks the cluster internally.
    private nonisolated(unsafe) let cluster: OpaquePointer

    /// `host:port,…` to give clients as `bootstrap.servers`.
    public let bootstrapServers: String

    /// Starts a mock cluster of `brokers` brokers on loopback ports chosen by the system.
    public init(brokers: Int = 1) throws {
        // The mock cluster needs a client handle for its bookkeeping; upstream's tests use a
        // producer with client.id=MOCK and no bootstrap servers (PLATFORM.md §1).
        owner = try RdKafkaHandle(type: RD_KAFKA_PRODUCER, properties: ["client.id": "MOCK"])
        guard let cluster = rd_kafka_mock_cluster_new(owner.pointer, Int32(brokers)) else {
            throw KafkaError(.broker, "rd_kafka_mock_cluster_new failed: could not start the embedded broker")
        }
        self.cluster = cluster
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit { rd_kafka_mock_cluster_destroy(cluster) }

    /// Creates `topic` with `partitions` partitions (replication factor 1).
    public func createTopic(_ topic: String, partitions: Int) throws {
        try rdKafka(
            .broker, "rd_kafka_mock_topic_create", rd_kafka_mock_topic_create(cluster, topic, Int32(partitions), 1))
    }
}
