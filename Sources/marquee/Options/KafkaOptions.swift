import ArgumentParser
import Kafka

/// `--brokers`, `--topic`, `--group` and `-X key=value` (librdkafka passthrough).
struct KafkaOptions: ParsableArguments {
    @Option(help: "Bootstrap brokers, host:port[,host:port…]")
    var brokers: String?

    @Option(help: "The movie-log topic")
    var topic: String = "movielog"

    @Option(
        help: "Consumer group id; consumers share partitions within a group (default: marquee-ingest; marquee-evaluate for evaluate online --stream)")
    var group: String?

    @Option(
        name: .customShort("X"), parsing: .unconditionalSingleValue, help: "librdkafka property key=value (repeatable)")
    var properties: [String] = []

    /// The Kafka configuration; `brokers` replaces a missing `--brokers`, `defaultGroup` a missing `--group`.
    func configuration(brokers fallback: String? = nil, defaultGroup: String = "marquee-ingest") throws
        -> KafkaConfiguration
    {
        guard let brokers = brokers ?? fallback else {
            throw ValidationError("no brokers: pass --brokers host:port (start one with 'marquee broker')")
        }
        var pairs: [String: String] = [:]
        for text in properties {
            do {
                let (key, value) = try KafkaConfiguration.property(text)
                pairs[key] = value
            } catch let error as KafkaError {
                throw ValidationError(error.message)
            }
        }
        return KafkaConfiguration(brokers: brokers, topic: topic, groupID: group ?? defaultGroup, properties: pairs)
    }
}
