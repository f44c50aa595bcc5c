/// An error from librdkafka or from Marquee's use of it, saying what failed and what to do.
public struct KafkaError: Error, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case configuration, client, broker, produce, consume, rebalance, offsets
        }
        private let kind: Kind
        /// A `-X key=value` property or a required setting was rejected.
        public static let configuration = Code(kind: .configuration)
        /// librdkafka could not create a client.
        public static let client = Code(kind: .client)
        /// The broker or cluster failed (connection, topic, mock cluster).
        public static let broker = Code(kind: .broker)
        /// A message could not be produced or delivered.
        public static let produce = Code(kind: .produce)
        /// Consuming failed.
        public static let consume = Code(kind: .consume)
        /// Partitions could not be assigned after a rebalance.
        public static let rebalance = Code(kind: .rebalance)
        /// Start offsets could not be read from the offset store.
        public static let offsets = Code(kind: .offsets)

        public var description: String { kind.rawValue }
        private init(kind: Kind) { self.kind = kind }
    }

    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension KafkaError: CustomStringConvertible {
    public var description: String { "kafka \(code): \(message)" }
}
