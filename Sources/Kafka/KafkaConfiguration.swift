/// Where and how a Marquee client talks to Kafka.
public struct KafkaConfiguration: Sendable {
    /// `host:port[,host:port…]` of the bootstrap brokers.
    public var brokers: String
    /// The topic to produce to or consume from.
    public var topic: String
    /// The consumer group id (consumers only).
    public var groupID: String
    /// librdkafka properties passed through unchanged (`-X key=value`); they override
    /// Marquee's defaults.
    public var properties: [String: String]

    public init(brokers: String, topic: String, groupID: String = "marquee-ingest", properties: [String: String] = [:])
    {
        self.brokers = brokers
        self.topic = topic
        self.groupID = groupID
        self.properties = properties
    }

    /// librdkafka properties for a client: `defaults`, then the user's `-X` overrides, then the
    /// brokers.
    func clientProperties(over defaults: [String: String]) -> [String: String] {
        var merged = defaults.merging(properties) { $1 }
        merged["bootstrap.servers"] = brokers
        return merged
    }

    /// Parses `key=value` into a property pair, or throws an error naming the bad text.
    public static func property(_ text: String) throws -> (key: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw KafkaError(.configuration, "'-X \(text)' is not key=value (e.g. -X fetch.wait.max.ms=10)")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
