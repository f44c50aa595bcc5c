import ArgumentParser
import Foundation
import Ingest
import Kafka
import Logging
import Simulation
import Store

/// `marquee demo`: the loop so far on embedded defaults — broker, generated stream, ingest,
/// and what landed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Marquee end to end on an embedded broker: generate a stream, ingest it, show what landed.",
        discussion: "'make demo' runs this against a private PostgreSQL under .marquee/ with --reset.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var stream: StreamOptions
    @OptionGroup var log: LogOptions

    /// The embedded broker keeps about 5 MiB per partition (older messages are deleted, like
    /// retention), so the demo spreads its stream over enough partitions to keep all of it.
    @Option(help: "Partitions of the demo topic")
    var partitions: Int = 8

    @Flag(help: "Empty the ingest tables first (only for a database that holds nothing else)")
    var reset = false

    func run() async throws {
        let logger = log.makeLogger()
        let storeConfiguration = try database.configuration()
        let streamConfiguration = stream.configuration
        let partitions = partitions
        let reset = reset
        try await Store.withStore(storeConfiguration, logger: logger) { store in
            try await store.migrate()
            if reset { try await store.resetIngestTables() }
            Output.line("▶ starting the embedded Kafka broker")
            let broker = try EmbeddedBroker()
            try broker.createTopic("movielog", partitions: partitions)
            let kafka = KafkaConfiguration(
                brokers: broker.bootstrapServers, topic: "movielog", groupID: "marquee-demo",
                properties: ["fetch.wait.max.ms": "10", "session.timeout.ms": "6000"])
            Output.line("  listening on \(broker.bootstrapServers), topic movielog with \(partitions) partitions")
            Output.line(
                "▶ generating \(streamConfiguration.lines) lines (seed \(streamConfiguration.seed)) into the topic")
            let producer = try KafkaProducer(
                configuration: KafkaConfiguration(brokers: broker.bootstrapServers, topic: "movielog"))
            let truth = try StreamPublisher.publish(StreamGenerator(configuration: streamConfiguration), to: producer)
            Output.line("  \(truth.lines) lines, \(truth.dirtyLines) of them dirty on purpose")
            Output.line("▶ ingesting into \(storeConfiguration.redactedURL) (group marquee-demo, exactly once)")
            var configuration = IngestConfiguration()
            configuration.stopAtEnd = true
            configuration.progressInterval = .seconds(2)
            let source = try KafkaLineSource(configuration: kafka, store: store, logger: logger)
            let summary = try await IngestService(
                source: source, store: store, configuration: configuration, logger: logger
            )
            .ingest()
            Output.line("  " + IngestReport.describe(summary))
            Output.line("▶ what landed in Postgres")
            Output.line(StatusCommand.describe(try await store.ingestSummary()))
            withExtendedLifetime(broker) {}
        }
    }
}
