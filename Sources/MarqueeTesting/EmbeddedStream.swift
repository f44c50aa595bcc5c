import Kafka
import Simulation

/// An embedded broker holding a generated stream: what Kafka-facing tests start from.
public struct EmbeddedStream: Sendable {
    public let broker: EmbeddedBroker
    public let topic: String
    public let truth: StreamTruth

    /// librdkafka settings that keep tests quick on the mock cluster (PLATFORM.md gotchas).
    public static let fastConsumer = ["fetch.wait.max.ms": "10", "session.timeout.ms": "6000"]

    /// Starts a broker, creates `topic` with `partitions` partitions and publishes
    /// `generator`'s stream to it, keyed by user id.
    public init(_ generator: StreamGenerator, topic: String = "movielog", partitions: Int = 4) throws {
        broker = try EmbeddedBroker()
        try broker.createTopic(topic, partitions: partitions)
        self.topic = topic
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(brokers: broker.bootstrapServers, topic: topic))
        truth = try StreamPublisher.publish(generator, to: producer)
    }

    /// A configuration for this stream's topic in `group`.
    public func configuration(group: String) -> KafkaConfiguration {
        KafkaConfiguration(
            brokers: broker.bootstrapServers, topic: topic, groupID: group, properties: Self.fastConsumer)
    }

    /// The `--brokers … --topic … -X …` arguments a child `marquee` needs.
    public func arguments(group: String) -> [String] {
        ["--brokers", broker.bootstrapServers, "--topic", topic, "--group", group]
            + Self.fastConsumer.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
    }
}
