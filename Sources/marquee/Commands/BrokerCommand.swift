import ArgumentParser
import Foundation
import Kafka
import Logging
import ServiceLifecycle

/// `marquee broker`: the embedded Kafka-protocol broker, until SIGTERM or SIGINT.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded Kafka-protocol broker (librdkafka's mock cluster) until SIGTERM.",
        discussion: """
            Prints 'bootstrap: host:port,…' on standard output once it listens. For tests and demos;
            point production roles at a real Kafka with --brokers.
            """)

    @Option(help: "Topic to create (repeatable)")
    var topic: [String] = ["movielog"]

    @Option(help: "Partitions of each created topic")
    var partitions: Int = 4

    @Option(help: "Brokers in the mock cluster")
    var brokerCount: Int = 1

    @Option(help: "Also write the bootstrap address to this file")
    var bootstrapFile: String?

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard brokerCount >= 1 else { throw ValidationError("--broker-count must be at least 1") }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let broker = try EmbeddedBroker(brokers: brokerCount)
        for name in topic { try broker.createTopic(name, partitions: partitions) }
        logger.info(
            "embedded broker listening",
            metadata: [
                "kafka.bootstrap": "\(broker.bootstrapServers)", "kafka.topics": "\(topic)",
                "kafka.partitions": "\(partitions)",
            ])
        let service = BrokerService(broker: broker, bootstrapFile: bootstrapFile)
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// Announces the embedded broker and keeps it alive until graceful shutdown. It announces
/// from inside the service group, whose signal handlers are then in place, so a script that
/// sends SIGTERM as soon as it reads the address gets a clean exit.
struct BrokerService: Service {
    let broker: EmbeddedBroker
    let bootstrapFile: String?

    func run() async throws {
        if let bootstrapFile {
            try broker.bootstrapServers.write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        Output.line("bootstrap: \(broker.bootstrapServers)")
        try? await gracefulShutdown()
        withExtendedLifetime(broker) {}
    }
}
