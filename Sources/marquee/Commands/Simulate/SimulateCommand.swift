import ArgumentParser
import Foundation
import Kafka
import Logging
import MovieLog
import Simulation
import Store

/// `marquee simulate`: a world of users with latent tastes that writes its history to the log
/// and reacts to the live service's recommendations.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "A simulated audience: its watch history, then live calls of /recommend and the watching they cause.",
        discussion: """
            With --history, writes the world's past (--history-days of watch and rate lines, ending now) and, with a
            database, its catalog (titles, years, genres) into movies. With --service URL, calls
            GET /recommend/<uid> --requests times at --rate per second, writes each client line (status and
            latency as seen; status 0 after --timeout-ms) and the user's reaction: they watch a listed movie with a
            chance that follows their true affinity, so a model that learned their tastes shows a higher
            watch-through rate. Lines go to the topic (--brokers) or a file (--output).
            """)

    @OptionGroup var audience: AudienceOptions
    @OptionGroup var traffic: TrafficOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Flag(help: "Write the world's history (and its catalog into Postgres when a database is given)")
    var history = false
    @Option(help: "The instant the history ends (ISO-8601, UTC; default: now)")
    var historyEnd: String?
    @Option(help: "The live service to call, e.g. http://127.0.0.1:8080")
    var service: String?
    @Option(help: "The first call's number: runs with the same seed and a new number draw new calls")
    var firstCall: UInt64 = 0
    @Option(help: "Write lines to this file (- for stdout) when no --brokers is given")
    var output: String = "-"
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard history || service != nil else {
            throw ValidationError("nothing to simulate: pass --history, --service URL, or both")
        }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let world = Audience(configuration: audience.configuration)
        let sink: any LineSink =
            kafka.brokers != nil
            ? KafkaLineSink(producer: try KafkaProducer(configuration: try kafka.configuration()))
            : try FileLineSink(path: output)
        if history {
            let end = try historyEnd.map { try OnlineRange.instant($0, option: "--history-end") }
                ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970))
            let counts = try Self.writeHistory(world, endingAt: end, to: sink)
            Output.progress("history: \(Self.describe(counts)) over \(audience.historyDays) days up to \(end)")
            if database.isGiven {
                let written = try await Store.withStore(try database.configuration(), logger: logger) {
                    try await Self.writeCatalog(world, to: $0)
                }
                Output.progress("catalog: \(written) movies (titles, years, genres) in movies")
            }
        }
        if let service {
            var configuration = traffic.configuration(service: service)
            configuration.firstSerial = firstCall
            let summary = try await LiveTraffic(audience: world, configuration: configuration)
                .run(into: sink, logger: logger) { Output.progress("  traffic: \(Self.describe($0))") }
            Output.progress("traffic: \(Self.describe(summary))")
            Output.progress(Self.truthTable(summary))
        }
    }

    /// Writes `world`'s history to `sink` and flushes it.
    static func writeHistory(_ world: Audience, endingAt end: Timestamp, to sink: any LineSink) throws
        -> Audience.LineCounts
    {
        let counts = try world.writeHistory(endingAt: end) { try sink.write(Array($0)) }
        try sink.flush()
        return counts
    }

    /// Upserts the world's catalog into `movies` (source `simulation`); returns how many.
    static func writeCatalog(_ world: Audience, to store: Store) async throws -> Int {
        try await store.migrate()
        var rows = CatalogRows(source: "simulation")
        rows.movies = world.movies.map {
            CatalogRows.Movie(
                movieID: $0.id, title: $0.title, year: Int16($0.year), genres: $0.genres, runtime: Int32($0.runtime))
        }
        _ = try await store.write(rows)
        return rows.movies.count
    }

    static func describe(_ counts: Audience.LineCounts) -> String {
        "\(counts.lines) lines (\(counts.watchLines) minute, \(counts.ratingLines) rating, "
            + "\(counts.recommendationLines) recommendation, \(counts.dirtyLines) dirty)"
    }

    /// The world's own count per variant: what the online evaluation should find.
    static func truthTable(_ summary: LiveTraffic.Summary) -> String {
        var lines = ["the world's truth (chance that an answer makes its user watch, by variant):"]
        for (name, truth) in summary.variants.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(truth.answers) answers, "
                    + String(format: "true rate %.1f %%, watched after %d (%.1f %%)", 100 * truth.trueRate,
                        truth.watched, truth.answers == 0 ? 0 : 100 * Double(truth.watched) / Double(truth.answers)))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ summary: LiveTraffic.Summary) -> String {
        let statuses = summary.statuses.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }
            .joined(separator: " ")
        let share = summary.requests == 0 ? 0 : 100 * Double(summary.watched) / Double(summary.requests)
        return "\(summary.requests) calls [\(statuses)], mean \(String(format: "%.2f", summary.meanLatencyMilliseconds)) ms, "
            + "\(summary.watched) led to watching (\(String(format: "%.1f", share)) %), \(summary.counts.lines) lines"
    }
}
