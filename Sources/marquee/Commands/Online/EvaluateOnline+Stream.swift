import ArgumentParser
import Evaluation
import Foundation
import Ingest
import Logging
import MovieLog
import ServiceLifecycle
import Store

/// The streaming mode's knobs.
struct StreamingOptions: ParsableArguments {
    @Option(help: "--stream: seconds events stay past their window for late watches and duplicated lines.")
    var latenessSeconds: Int64 = 300
    @Option(help: "--stream: commit after this many lines.") var batchLines: Int = 50_000
    @Option(help: "--stream: commit at least this often (milliseconds).") var batchIntervalMs: Int = 1000
    @Option(help: "--stream: rewrite the report at most this often (seconds).") var reportSeconds: Int = 60
    @Flag(help: "--stream: exit once every assigned partition is drained and committed.") var stopAtEnd = false
}

extension EvaluateOnlineCommand {
    /// Consumes the topic until SIGTERM/SIGINT (or drained, with --stop-at-end), rewriting the
    /// report from `wtr_windows` as it goes and once more at the end.
    func streamEvaluation(configuration online: OnlineConfiguration, plan: ExperimentPlan?, logger: Logger) async throws {
        let store = Store(configuration: try database.configuration(), logger: logger)
        let kafkaConfiguration = try kafka.configuration(defaultGroup: "marquee-evaluate")
        let source = try KafkaLineSource(configuration: kafkaConfiguration, store: store, logger: logger)
        var configuration = WTRStreamService.Configuration()
        configuration.online = online
        configuration.latenessSeconds = streaming.latenessSeconds
        configuration.batchLines = streaming.batchLines
        configuration.batchInterval = .milliseconds(streaming.batchIntervalMs)
        configuration.stopAtEnd = streaming.stopAtEnd
        let description = "topic \(kafkaConfiguration.topic), group \(kafkaConfiguration.groupID)"
        let writer = StreamReportWriter(
            store: store, groupID: kafkaConfiguration.groupID, plan: plan, online: online, description: description,
            json: json, html: html, every: .seconds(streaming.reportSeconds))
        let service = WTRStreamService(
            source: source, store: store, configuration: configuration, logger: logger,
            afterCommit: { _ in await writer.writeIfDue(logger: logger) })
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: StoreService(store: store)),
                    .init(
                        service: MigratingService(store: store, service: service),
                        successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let report = try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await StreamReportWriter.report(
                store: store, groupID: kafkaConfiguration.groupID, plan: plan, online: online, description: description)
        }
        let paths = try OnlineReportFiles.write(report, json: json, html: html)
        Output.line(OnlineReportTable.render(report))
        Output.line("report: \(paths.json) and \(paths.html)")
    }
}

/// Migrates, then runs the streaming evaluator.
struct MigratingService: Service {
    let store: Store
    let service: WTRStreamService

    func run() async throws {
        try await store.migrate()
        try await service.run()
    }
}

/// Rewrites the streaming report from `wtr_windows`, at most once per interval.
actor StreamReportWriter {
    let store: Store
    let groupID: String
    let plan: ExperimentPlan?
    let online: OnlineConfiguration
    let description: String
    let json: String?
    let html: String?
    let every: Duration
    private var last: ContinuousClock.Instant?

    init(
        store: Store, groupID: String, plan: ExperimentPlan?, online: OnlineConfiguration, description: String,
        json: String?, html: String?, every: Duration
    ) {
        self.store = store
        self.groupID = groupID
        self.plan = plan
        self.online = online
        self.description = description
        self.json = json
        self.html = html
        self.every = every
    }

    func writeIfDue(logger: Logger) async {
        let now = ContinuousClock.now
        if let last, last.duration(to: now) < every { return }
        last = now
        do {
            let report = try await Self.report(
                store: store, groupID: groupID, plan: plan, online: online, description: description)
            let paths = try OnlineReportFiles.write(report, json: json, html: html)
            logger.info("online report written", metadata: ["report.json": "\(paths.json)", "verdict": "\(report.verdict.sentence)"])
        } catch {
            logger.warning("online report not written", metadata: ["error": "\(error)"])
        }
    }

    /// The report of everything `wtr_windows` holds for `groupID`.
    static func report(
        store: Store, groupID: String, plan: ExperimentPlan?, online: OnlineConfiguration, description: String
    ) async throws -> OnlineReport {
        var tally = OnlineTally()
        for row in try await store.wtrWindows(groupID: groupID) {
            let latency = LatencyHistogram(counts: row.latencyCounts.map(Int.init)) ?? LatencyHistogram()
            tally.add(
                arm: row.variant.isEmpty ? nil : Arm(experimentID: row.experimentID, variant: row.variant),
                bucketStart: row.windowStart,
                tally: ArmTally(events: Int(row.events), ok: Int(row.ok), conversions: Int(row.conversions), latency: latency))
        }
        return OnlineReport(
            tally: tally, plan: plan, source: .init(kind: "stream", description: description), configuration: online,
            generatedAt: Timestamp(seconds: Int64(Date().timeIntervalSince1970)))
    }
}
