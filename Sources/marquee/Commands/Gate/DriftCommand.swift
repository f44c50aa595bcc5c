import ArgumentParser
import Foundation
import Quality
import Store
import Training

/// `marquee drift`: compares a current window of interactions with a reference window.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Measure drift between a reference and a current window; exit code = verdict.",
        discussion: """
            Windows: all | FROM..TO (dates or RFC 3339 instants, interactions active in [FROM, TO)) |
            offsets:FROM..TO (every partition of --topic, read from Kafka) | file:PATH[@FROM..TO] (log lines).
            Metrics: rating PSI, top-100 overlap, top-10 / top-100 share deltas, popularity Gini delta,
            user-activity PSI. Without --reference, one window is summarised (snapshot mode).
            The report is stored in drift_reports; the newest one gates `train` and `promote`.
            Exit codes: 0 pass, 1 warn, 2 block, 3 could not measure.
            """)

    @Option(help: "The reference window (omit for snapshot mode).") var reference: String?
    @Option(help: "The current window.") var current = "all"
    @Option(help: "Thresholds as JSON (keys as in the report's `thresholds`; missing keys keep the defaults).")
    var thresholds: String?
    @Option(help: "Write the report as JSON to this file.") var report: String?
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        _ = try DriftWindowSpec(parsing: current)
        _ = try reference.map { try DriftWindowSpec(parsing: $0) }
    }

    func run() async throws {
        try await GateExit.run {
            let logger = log.makeLogger()
            var limits = DriftThresholds()
            if let thresholds {
                do {
                    limits = try JSONDecoder().decode(
                        DriftThresholds.self, from: Data(contentsOf: URL(fileURLWithPath: thresholds)))
                } catch {
                    throw ValidationError("--thresholds \(thresholds) is not a usable thresholds file: \(error)")
                }
            }
            let monitor = DriftMonitor(thresholds: limits)
            let (result, id) = try await Store.withStore(try database.configuration(), logger: logger) { store in
                try await store.migrate()
                var referenceSummary: DriftWindowSummary?
                if let reference {
                    referenceSummary = try await DriftWindowSpec(parsing: reference).summary(
                        store: store, kafka: kafka, logger: logger)
                }
                let currentSummary = try await DriftWindowSpec(parsing: current).summary(
                    store: store, kafka: kafka, logger: logger)
                return try await Self.measure(
                    monitor, reference: referenceSummary, current: currentSummary, store: store)
            }
            Output.line(Self.describe(result, id: id))
            if let path = report {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(result).write(to: URL(fileURLWithPath: path))
            }
            return GateExit.code(result.verdict)
        }
    }

    /// Compares the windows and stores the report (the gate reads it); returns it with its id.
    static func measure(
        _ monitor: DriftMonitor, reference: DriftWindowSummary?, current: DriftWindowSummary, store: Store
    ) async throws -> (DriftReport, Int64) {
        try await DataGate.measureDrift(monitor, reference: reference, current: current, store: store)
    }

    /// The failing metrics in one line, or what passed.
    static func summary(_ report: DriftReport) -> String { DataGate.summary(report) }

    static func describe(_ report: DriftReport, id: Int64) -> String {
        var lines = ["drift report \(id) (\(report.mode.rawValue)): \(report.verdict.rawValue) — \(summary(report))"]
        for (name, window) in [("reference", report.reference), ("current", report.current)] {
            guard let window else { continue }
            let figure = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "-" }
            lines.append(
                "  \(name.padded(9)) \(window.window.label): \(window.interactions) interactions, \(window.users) users, "
                    + "\(window.movies) movies; top-10 share \(figure(window.top10Share)), "
                    + "top-100 share \(figure(window.top100Share)), Gini \(figure(window.gini)), "
                    + "ratings 1-5 \(window.ratingCounts.map(String.init).joined(separator: "/"))")
        }
        for metric in report.metrics {
            let value = metric.value.map { String(format: "%.4f", $0) } ?? "-"
            lines.append(
                "  \(metric.name.rawValue.padded(24)) \(value.padded(10)) \(metric.status.rawValue.padded(8)) \(metric.detail)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
