import Kafka
import Logging
import Synchronization
import Testing

@Suite struct KafkaConsumerTests {
    static let fastGroup = ["fetch.wait.max.ms": "10", "session.timeout.ms": "6000"]

    private func produce(_ count: Int, to configuration: KafkaConfiguration) throws {
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<count {
            let value = Array("user\(index % 10) message \(index)".utf8)
            let key = Array("user\(index % 10)".utf8)
            try value.withUnsafeBytes { value in try key.withUnsafeBytes { try producer.send(value, key: $0) } }
        }
        #expect(try producer.flush() == count)
    }

    private func drain(_ consumer: KafkaConsumer) async throws -> [(partition: Int32, offset: Int64, text: String)] {
        var received: [(Int32, Int64, String)] = []
        while true {
            let batch = try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200))
            for entry in batch.entries {
                received.append(
                    (entry.partition, entry.offset, batch.withBytes(of: entry) { String(decoding: $0, as: UTF8.self) }))
            }
            if batch.isAtEnd { return received }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func startsEachPartitionAtTheStoredOffsetAndKeepsKeyOrder() async throws {
        let broker = try EmbeddedBroker()
        try broker.createTopic("events", partitions: 2)
        let configuration = KafkaConfiguration(
            brokers: broker.bootstrapServers, topic: "events", groupID: "consumer-test", properties: Self.fastGroup)
        try produce(1000, to: configuration)
        let asked = Mutex<[Int32]>([])
        let consumer = try KafkaConsumer(
            configuration: configuration,
            startOffsets: { topic, partitions in
                #expect(topic == "events")
                asked.withLock { $0 += partitions }
                return [0: 10]  // partition 1 has no stored offset: from the beginning
            },
            logger: Logger(label: "test"))
        let received = try await drain(consumer)
        await consumer.close()

        #expect(asked.withLock { $0.sorted() } == [0, 1])
        #expect(received.count == 990)
        for partition: Int32 in [0, 1] {
            let offsets = received.filter { $0.partition == partition }.map(\.offset)
            let first: Int64 = partition == 0 ? 10 : 0
            #expect(offsets == Array(first..<(first + Int64(offsets.count))))
        }
        // One key's messages arrive in the order they were produced.
        let user3 = received.filter { $0.text.hasPrefix("user3 ") }.map { Int($0.text.split(separator: " ")[2])! }
        #expect(user3 == user3.sorted())
        #expect(!user3.isEmpty)
    }

    @Test(.timeLimit(.minutes(3)))
    func rewindReadsAgainFromTheStoredOffsets() async throws {
        let broker = try EmbeddedBroker()
        try broker.createTopic("events", partitions: 1)
        let configuration = KafkaConfiguration(
            brokers: broker.bootstrapServers, topic: "events", groupID: "rewind-test", properties: Self.fastGroup)
        try produce(100, to: configuration)
        let stored = Mutex<Int64>(0)
        let consumer = try KafkaConsumer(
            configuration: configuration, startOffsets: { _, _ in [0: stored.withLock { $0 }] },
            logger: Logger(label: "test"))
        let first = try await drain(consumer)
        #expect(first.count == 100)
        stored.withLock { $0 = 60 }
        try await consumer.rewind()
        let again = try await drain(consumer)
        await consumer.close()
        #expect(again.map(\.offset) == Array(60..<100))
    }

    @Test func badPropertyIsNamedInTheError() throws {
        let configuration = KafkaConfiguration(
            brokers: "127.0.0.1:1", topic: "t", properties: ["no.such.property": "1"])
        #expect {
            _ = try KafkaProducer(configuration: configuration)
        } throws: { error in
            (error as? KafkaError)?.message.contains("no.such.property") == true
        }
        #expect(throws: KafkaError.self) { try KafkaConfiguration.property("missing-equals") }
    }
}
