import ArgumentParser
import Foundation
import Ingest
import Kafka
import Logging
import Quality
import Recommenders
import Simulation
import Store
import Training

/// `marquee demo`: the loop so far on embedded defaults — broker, generated stream, ingest,
/// what landed, the gate, both models trained, measured offline and promoted.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Marquee end to end on an embedded broker: generate, ingest, gate, train, evaluate, promote.",
        discussion: "'make demo' runs this against a private PostgreSQL under .marquee/ with --reset.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var stream: StreamOptions
    @OptionGroup var log: LogOptions

    /// The embedded broker keeps about 5 MiB per partition (older messages are deleted, like
    /// retention), so the demo spreads its stream over enough partitions to keep all of it.
    @Option(help: "Partitions of the demo topic")
    var partitions: Int = 8

    @Flag(help: "Empty Marquee's tables first (only for a database that holds nothing else)")
    var reset = false

    func run() async throws {
        let logger = log.makeLogger()
        let storeConfiguration = try database.configuration()
        let streamConfiguration = stream.configuration
        let partitions = partitions
        let reset = reset
        try await Store.withStore(storeConfiguration, logger: logger) { store in
            try await store.migrate()
            if reset { try await store.resetTables() }
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
            try await Self.gateAndTrain(store, logger: logger)
            withExtendedLifetime(broker) {}
        }
    }

    /// Validates, measures drift (one snapshot), trains ALS and PopGenre and promotes both.
    static func gateAndTrain(_ store: Store, logger: Logger) async throws {
        Output.line("▶ validating interactions against schemas/interaction.schema.json")
        let schema = try SchemaOptions.load(nil).schema(named: "interaction")
        let validation = try await ValidateCommand.validate(
            .interactions, in: store, schema: schema, maxRejectRate: 0.01)
        Output.line("  \(validation.verdict.rawValue): \(validation.summary)")
        Output.line("▶ drift snapshot of all interactions")
        let current = try await DriftWindowSpec.all.summary(store: store, kafka: nil, logger: logger)
        let (drift, id) = try await DriftCommand.measure(DriftMonitor(), reference: nil, current: current, store: store)
        Output.line("  report \(id): \(drift.verdict.rawValue) — \(DriftCommand.summary(drift))")
        let pipeline = TrainingPipeline(
            store: store, modelsDirectory: URL(fileURLWithPath: ".marquee/models"), logger: logger)
        let data = try await TrainingData.postgres(store)
        let gate = try await pipeline.gate(for: data)
        for specification in [ModelSpecification.als(.init(), confidence: .init()), .popGenre(.init())] {
            Output.line("▶ training \(specification.kind) (with a leave-last-out evaluation first)")
            let outcome = try await pipeline.train(specification, on: data, gate: gate, overrideReason: nil)
            _ = try await store.promote(version: outcome.manifest.version)
            Output.line(
                ModelsCommand.describe(outcome.manifest, directory: outcome.directory.relativePath, promoted: true))
        }
        Output.line("▶ the registry (both promoted)")
        Output.line(ModelsCommand.table(try await store.models()))
    }
}
