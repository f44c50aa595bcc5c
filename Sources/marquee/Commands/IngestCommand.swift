import ArgumentParser
import Foundation
import Ingest
import Kafka
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// `marquee ingest`: the topic (or a file) into Postgres, exactly once.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Consume the movie-log topic (or --file) into Postgres, exactly once, quarantining bad lines.",
        discussion: """
            Positions are stored in Postgres in the same transaction as the rows they cover, so a restart
            after any crash resumes exactly where the last commit ended. Several processes with the same
            --group share the topic's partitions. SIGTERM finishes the batch in hand and exits 0.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Read this file (or - for stdin) instead of Kafka; offsets are line numbers")
    var file: String?

    @Option(help: "Name under which a --file source's position is stored (default: file:<absolute path>, or stdin)")
    var source: String?

    @Option(help: "Commit after this many lines")
    var batchLines: Int = 200_000

    @Option(help: "Commit a batch at the latest this many milliseconds after its first line")
    var batchIntervalMs: Int = 1000

    @Option(help: "Seconds between progress lines in the log")
    var progressSeconds: Int = 5

    @Flag(help: "Exit once every assigned partition is drained and committed (Kafka backfills)")
    var stopAtEnd = false

    func validate() throws {
        guard batchLines >= 1 else { throw ValidationError("--batch-lines must be at least 1") }
        guard batchIntervalMs >= 1 else { throw ValidationError("--batch-interval-ms must be at least 1") }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let store = Store(configuration: try database.configuration(), logger: logger)
        let lineSource: any LineSource
        if let file {
            let name = source ?? (file == "-" ? "stdin" : "file:" + URL(fileURLWithPath: file).standardizedFileURL.path)
            lineSource = try FileLineSource(path: file, sourceName: name, store: store)
        } else {
            lineSource = try KafkaLineSource(configuration: try kafka.configuration(), store: store, logger: logger)
        }
        var configuration = IngestConfiguration()
        configuration.batchLines = batchLines
        configuration.batchInterval = .milliseconds(batchIntervalMs)
        configuration.progressInterval = .seconds(progressSeconds)
        configuration.stopAtEnd = stopAtEnd
        let runner = IngestRunner(
            ingest: IngestService(source: lineSource, store: store, configuration: configuration, logger: logger))
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: StoreService(store: store)),
                    .init(service: runner, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        if let summary = runner.summary.summary { Output.line(IngestReport.describe(summary)) }
    }
}

/// Runs the store's connection pool as a service (``Store/run()`` also marks the store started).
struct StoreService: Service {
    let store: Store

    func run() async throws { await store.run() }
}

/// Migrates, then runs the ingest loop and keeps its summary for the command to print.
struct IngestRunner: Service {
    let ingest: IngestService
    let summary = SummaryBox()

    func run() async throws {
        try await ingest.store.migrate()
        summary.set(try await ingest.ingest())
    }
}

/// Hands the ingest summary from the service back to the command.
final class SummaryBox: Sendable {
    private let value = Mutex<IngestSummary?>(nil)

    func set(_ summary: IngestSummary) { value.withLock { $0 = summary } }

    var summary: IngestSummary? { value.withLock { $0 } }
}

/// The human summary of an ingest run.
enum IngestReport {
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func describe(_ summary: IngestSummary) -> String {
        let counters = summary.counters
        let rules = counters.quarantinedByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return """
            ingested \(counters.lines) lines in \(seconds(summary.elapsed)) s \
            (\(Int(summary.linesPerSecond.rounded())) lines/s): \(counters.watches) watch, \(counters.ratings) rating, \
            \(counters.recommendations) recommendation; quarantined \(counters.quarantined)\
            \(rules.isEmpty ? "" : " (" + rules.joined(separator: ", ") + ")"); \
            \(summary.batches) batches, \(summary.conflicts) conflicts, lag \(summary.lag); \
            waited \(seconds(summary.readWait)) s for input, \(seconds(summary.commitWait)) s for commits\
            \(summary.skippedOffsets > 0 ? "; \(summary.skippedOffsets) offsets skipped (gone before they were read)" : "")
            """
    }
}
