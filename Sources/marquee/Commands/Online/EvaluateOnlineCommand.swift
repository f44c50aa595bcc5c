import ArgumentParser
import Evaluation
import Foundation
import Ingest
import Logging
import MovieLog
import Serving
import Store

/// `marquee evaluate online`: watch-through rate per variant, A/B statistics and the report.
struct EvaluateOnlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "online",
        abstract: "Watch-through rate per variant from client recommendation events, with A/B statistics.",
        discussion: """
            An event (status 200) at A converts when the same user streams a listed movie at T with
            A < T <= A + window. Events are attributed to variants through the served log (same user, same
            items, served shortly before); events it does not explain are reported as unattributed.
            Sources: --file LOG (batch over a log file), --from/--to (batch over what ingest stored in
            Postgres), or --stream (consume the topic in its own group, keeping per-window counts in
            wtr_windows, exactly once).
            """)

    @Option(help: "Evaluate this log file (- for stdin).") var file: String?
    @Flag(help: "Consume the topic (--brokers, --topic, --group) and keep per-window counts in wtr_windows.")
    var stream = false
    @Option(help: "Evaluate events stored in Postgres from this instant (ISO-8601, UTC).") var from: String?
    @Option(help: "…up to this instant, excluded (default: now).") var to: String?
    @Option(help: "The attribution window: seconds, or a number with s, m, h or d.") var window: String = "1h"
    @Option(help: "The width of one point of the time series (and of a wtr_windows row).") var bucket: String = "1h"
    @Option(help: "The experiment file the server runs (YAML or JSON): control, weights for the SRM check.")
    var config: String?
    @Option(help: "Write the JSON report here (default: .marquee/reports/online-<time>.json).") var json: String?
    @Option(help: "Write the HTML report here (default: beside the JSON, .html).") var html: String?
    @OptionGroup var streaming: StreamingOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        let sources = [file != nil, from != nil && !stream, stream].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError(
                "give one source: --file LOG, --from INSTANT [--to INSTANT] for Postgres, or --stream for the topic")
        }
        _ = try DurationText.seconds(window, option: "--window")
        _ = try DurationText.seconds(bucket, option: "--bucket")
    }

    func run() async throws {
        let logger = log.makeLogger()
        let configuration = OnlineConfiguration(
            window: try DurationText.seconds(window, option: "--window"),
            bucketSeconds: try DurationText.seconds(bucket, option: "--bucket"))
        let plan = try config.map(Self.plan(configFile:))
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        if stream {
            try await streamEvaluation(configuration: configuration, plan: plan, logger: logger)
            return
        }
        var join = WTRBatchJoin(configuration: configuration)
        var lines: OnlineReport.Lines?
        let source: OnlineReport.Source
        let served: [ServedAnswer]
        if let file {
            let read = try await Self.read(file, configuration: configuration, now: now)
            join = read.0
            lines = read.1
            source = .init(kind: "file", description: file)
            served = try await Self.servedForFile(join, database: database, configuration: configuration, logger: logger)
        } else {
            let range = try OnlineRange(from: from!, to: to, now: now)
            source = .init(kind: "postgres", description: "events from \(range.from) to \(range.to)")
            (join, served) = try await Store.withStore(try database.configuration(), logger: logger) {
                [join] store in
                try await store.migrate()
                var loaded = join
                let served = try await OnlinePostgres.load(range, into: &loaded, store: store, configuration: configuration)
                return (loaded, served)
            }
        }
        let tally = join.tally(served: served, threads: UsableCores.count)
        let report = OnlineReport(
            tally: tally, plan: plan, source: source, configuration: configuration, lines: lines, generatedAt: now)
        let paths = try OnlineReportFiles.write(report, json: json, html: html)
        Output.line(OnlineReportTable.render(report))
        Output.line("report: \(paths.json) and \(paths.html)")
        KeptUntilExit.keep(join)
    }

    /// The experiment's id, variants and weights from the server's experiment file.
    static func plan(configFile path: String) throws -> ExperimentPlan {
        let experiment: Experiment
        do {
            experiment = try Experiment(configFile: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as ExperimentError {
            throw ValidationError("--config \(path): \(error.message)")
        } catch {
            throw ValidationError("--config \(path): cannot read it (\(error.localizedDescription))")
        }
        return ExperimentPlan(id: experiment.id, variants: experiment.variants.map { ($0.name, $0.weight) })
    }

    /// Reads every line of `path` into a join. A regular file of more than 16 MiB is read in
    /// parts on every core, each into a join of its own, and the parts are merged in file order.
    static func read(_ path: String, configuration: OnlineConfiguration, now: Timestamp) async throws
        -> (WTRBatchJoin, OnlineReport.Lines)
    {
        let cores = min(UsableCores.count, 8)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard cores > 1, size > 16 << 20, let parts = LineReader.parts(of: path, count: cores), parts.count > 1 else {
            return try readPart(path, bytes: nil, expectedBytes: size, configuration: configuration, now: now)
        }
        let read = try await withThrowingTaskGroup(of: (Int, WTRBatchJoin, OnlineReport.Lines).self) { group in
            for (index, bytes) in parts.enumerated() {
                group.addTask {
                    let (join, lines) = try readPart(
                        path, bytes: bytes, expectedBytes: bytes.count, configuration: configuration, now: now)
                    return (index, join, lines)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }
        }
        var join = read[0].1
        var lines = read[0].2
        for (_, part, partLines) in read.dropFirst() {
            join.merge(part)
            lines.add(partLines)
        }
        KeptUntilExit.keep(read)
        return (join, lines)
    }

    /// Reads the lines of `bytes` of `path` (all of it when nil) into a new join, sized for
    /// `expectedBytes` of log.
    private static func readPart(
        _ path: String, bytes: Range<Int>?, expectedBytes: Int, configuration: OnlineConfiguration, now: Timestamp
    ) throws -> (WTRBatchJoin, OnlineReport.Lines) {
        let reader: LineReader
        do {
            reader = try bytes.map { try LineReader(path: path, bytes: $0) } ?? LineReader(path: path)
        } catch let error as IngestError {
            throw ValidationError(error.message)
        }
        var join = WTRBatchJoin(configuration: configuration)
        join.reserve(lines: expectedBytes / 100)  // a log line is about 100 bytes
        var lines = LogLineReader(parser: MovieLogParser(now: now))
        while try reader.readLine({ lines.read($0, into: &join) }) != nil {}
        return (join, lines.counts)
    }

    /// The served log around the file's events, when a database is configured; without one
    /// every event is unattributed (said on stderr).
    static func servedForFile(
        _ join: WTRBatchJoin, database: DatabaseOptions, configuration: OnlineConfiguration, logger: Logger
    ) async throws -> [ServedAnswer] {
        guard let span = join.eventSpan else { return [] }
        guard let storeConfiguration = try? database.configuration() else {
            Output.progress(
                "evaluate online: no database (--database-url or DATABASE_URL): no served log, so every event is "
                    + "unattributed; the overall WTR is still exact")
            return []
        }
        return try await Store.withStore(storeConfiguration, logger: logger) { store in
            try await store.migrate()
            return try await OnlinePostgres.served(around: span, store: store, configuration: configuration)
        }
    }
}
