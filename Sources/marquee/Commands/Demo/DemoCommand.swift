import ArgumentParser
import Foundation
import Ingest
import Kafka
import Logging
import MovieLog
import Simulation
import Store
import Training

/// `marquee demo`: the whole loop on embedded defaults, as an operator would run it — a
/// simulated audience's history through the broker into Postgres, the gate, both models
/// trained and promoted, the server with a 50/50 experiment, live traffic from the audience,
/// and the online evaluation that says which model makes people watch more.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run all of Marquee on an embedded broker: simulate, ingest, gate, train, serve an A/B test, evaluate.",
        discussion: """
            'make demo' runs this against a private PostgreSQL under .marquee/ with --reset. The audience's history
            (--history-days) is simulated at full speed; live calls are made at --rate per second against the
            server, and the hour of watching each one causes is simulated at once (stamped ahead of the clock).
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var audience: AudienceOptions
    @OptionGroup var traffic: TrafficOptions
    @OptionGroup var log: LogOptions

    /// The embedded broker keeps about 5 MiB per partition (older messages are deleted, like
    /// retention), so the demo spreads its stream over enough partitions to keep all of it.
    @Option(help: "Partitions of the demo topic (the embedded broker keeps about 5 MiB per partition)")
    var partitions: Int = 64

    @Option(help: "Port the demo's server listens on")
    var port: Int = 8080

    @Flag(help: "Empty Marquee's tables first (only for a database that holds nothing else)")
    var reset = false

    @Flag(help: "Keep serving after the report until Ctrl-C, so the printed curl commands work")
    var keepServing = false

    func run() async throws {
        let logger = log.makeLogger()
        let storeConfiguration = try database.configuration()
        let world = Audience(configuration: audience.configuration)
        let demo = DemoRun(
            world: world, storeConfiguration: storeConfiguration, partitions: partitions, port: port,
            traffic: traffic, logger: logger)
        let reset = reset
        let keepServing = keepServing
        try await Store.withStore(storeConfiguration, logger: logger) { store in
            try await store.migrate()
            if reset { try await store.resetTables() }
            var run = demo
            try await run.run(store: store, keepServing: keepServing)
        }
    }
}

/// The demo's steps, in order, each announced as it starts.
struct DemoRun {
    let world: Audience
    let storeConfiguration: StoreConfiguration
    let partitions: Int
    let port: Int
    let traffic: TrafficOptions
    let logger: Logger
    private var step = 0
    private let steps = 8
    private let started = ContinuousClock.now

    init(
        world: Audience, storeConfiguration: StoreConfiguration, partitions: Int, port: Int, traffic: TrafficOptions,
        logger: Logger
    ) {
        self.world = world
        self.storeConfiguration = storeConfiguration
        self.partitions = partitions
        self.port = port
        self.traffic = traffic
        self.logger = logger
    }

    /// Prints `▶ [n/8] what` with the time since the demo started.
    mutating func announce(_ what: String) {
        step += 1
        let elapsed = ContinuousClock.now - started
        Output.line(String(format: "▶ [%d/%d] %@  (%.0f s)", step, steps, what, Double(elapsed.components.seconds)))
    }

    mutating func run(store: Store, keepServing: Bool) async throws {
        announce("starting the embedded Kafka broker")
        let broker = try EmbeddedBroker()
        try broker.createTopic("movielog", partitions: partitions)
        Output.line("  listening on \(broker.bootstrapServers), topic movielog with \(partitions) partitions")
        let kafka = KafkaConfiguration(
            brokers: broker.bootstrapServers, topic: "movielog", groupID: "marquee-demo",
            properties: ["fetch.wait.max.ms": "10", "session.timeout.ms": "6000"])
        let sink = KafkaLineSink(
            producer: try KafkaProducer(configuration: KafkaConfiguration(brokers: broker.bootstrapServers, topic: "movielog")))

        let configuration = world.configuration
        announce(
            "simulating \(configuration.historyDays) days of history: \(configuration.users) users, "
                + "\(configuration.movies) movies (seed \(configuration.seed))")
        let historyEnd = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        let history = try SimulateCommand.writeHistory(world, endingAt: historyEnd, to: sink)
        Output.line("  \(SimulateCommand.describe(history)) into the topic")
        let movies = try await SimulateCommand.writeCatalog(world, to: store)
        Output.line("  catalog: \(movies) movies with titles, years and genres into movies")

        announce("ingesting into \(storeConfiguration.redactedURL) (group marquee-demo, exactly once)")
        try await ingest(kafka, store: store)
        let landed = StatusCommand.describe(try await store.ingestSummary()).split(separator: "\n")
        Output.line(landed.filter { !$0.hasPrefix("  ") }.map { "  " + $0 }.joined(separator: "\n"))

        announce("retrain cycle: validate, drift, train ALS and PopGenre, compare offline, promote")
        let printer = RetrainPrinter(json: false)
        let outcome = try await RetrainCycle(
            store: store, modelsDirectory: URL(fileURLWithPath: ".marquee/models"),
            schema: try SchemaOptions.load(nil).schema(named: "interaction"), policy: RetrainPolicy(), logger: logger
        ).run { printer.event($0) }
        printer.finished(.success(outcome))

        let experimentPath = try DemoExperiment.write()
        announce("serving on http://127.0.0.1:\(port) with a 50/50 experiment (\(experimentPath))")
        let server = try await DemoServer.start(
            experimentPath: experimentPath, port: port, storeConfiguration: storeConfiguration, logger: logger)
        Output.line("  ready on http://127.0.0.1:\(server.port): \(server.variantsLine)")

        announce("live traffic: \(traffic.requests) calls of /recommend at \(Int(traffic.rate))/s from the audience")
        let trafficStart = Timestamp(seconds: Int64(Date().timeIntervalSince1970) - 1)
        let summary = try await LiveTraffic(
            audience: world, configuration: traffic.configuration(service: "http://127.0.0.1:\(server.port)")
        ).run(into: sink, logger: logger) { Output.progress("  \(SimulateCommand.describe($0))") }
        Output.line("  \(SimulateCommand.describe(summary))")
        let answered = (summary.statuses[200] ?? 0)
        try await server.waitForServedLog(atLeast: answered, since: trafficStart, store: store)

        announce("ingesting the new lines and evaluating online")
        try await ingest(kafka, store: store)
        let report = try await DemoEvaluation.evaluate(
            from: trafficStart, experimentPath: experimentPath, store: store)
        Output.line(report.table)
        Output.line(SimulateCommand.truthTable(summary))
        Output.line("report: \(report.json) and \(report.html)")
        Output.line(server.tryIt(sampleUser: world.userID(index: 0), keepServing: keepServing, experimentPath: experimentPath))
        if keepServing {
            await server.waitUntilStopped()
        } else {
            try await server.stop()
        }
        withExtendedLifetime(broker) {}
    }

    private func ingest(_ kafka: KafkaConfiguration, store: Store) async throws {
        var configuration = IngestConfiguration()
        configuration.stopAtEnd = true
        configuration.progressInterval = .seconds(2)
        let source = try KafkaLineSource(configuration: kafka, store: store, logger: logger)
        let summary = try await IngestService(source: source, store: store, configuration: configuration, logger: logger)
            .ingest()
        Output.line("  " + IngestReport.describe(summary))
        if summary.skippedOffsets > 0 {
            Output.line(
                "  warning: the embedded broker deleted \(summary.skippedOffsets) lines before ingest read them (it keeps "
                    + "about 5 MiB per partition); rerun with more --partitions than \(partitions)")
        }
    }
}
