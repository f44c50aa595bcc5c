import Foundation
import Quality
import Store

/// The two data checks the training gate reads, run and stored the way `marquee validate` and
/// `marquee drift` do: `validate`, `retrain` and `demo` all go through here, so a report means
/// the same whoever made it.
public enum DataGate {
    /// Validates every row of `table` against `schema` and stores the report in
    /// `validation_reports` (the gate reads the newest one of `interactions`).
    ///
    /// - Parameters:
    ///   - maxRejectRate: the reject rate (0…1) above which the verdict is block.
    ///   - examples: rejected rows kept per rule in the report.
    /// - Returns: the report and its id.
    public static func validate(
        _ table: ValidatedTable, in store: Store, schema: JSONSchema, maxRejectRate: Double, examples: Int = 3
    ) async throws -> (report: ValidationReport, id: Int64) {
        var validator = RowValidator(schema: schema, examplesPerRule: examples)
        try await store.forEachRow(of: table) { validator.add(row: $0) }
        let report = validator.report(target: table.rawValue, maxRejectRate: maxRejectRate)
        let id = try await store.insertValidationReport(
            target: table.rawValue, snapshot: #"{"table": "\#(table.rawValue)"}"#, inputRows: report.inputRows,
            rejectRows: report.rejectRows, maxRejectRate: maxRejectRate, verdict: report.verdict.rawValue,
            summary: report.summary, report: try json(report))
        return (report, id)
    }

    /// A validation report as pretty, key-sorted JSON (the stored `report` column).
    public static func json(_ report: ValidationReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// Compares the windows (snapshot mode without `reference`) and stores the report in
    /// `drift_reports` (the gate reads the newest one); returns it with its id.
    public static func measureDrift(
        _ monitor: DriftMonitor, reference: DriftWindowSummary?, current: DriftWindowSummary, store: Store
    ) async throws -> (report: DriftReport, id: Int64) {
        let result = monitor.report(reference: reference, current: current)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let id = try await store.insertDriftReport(
            reference: try reference.map { String(decoding: try encoder.encode($0.window), as: UTF8.self) },
            current: String(decoding: try encoder.encode(current.window), as: UTF8.self),
            verdict: result.verdict.rawValue, summary: summary(result),
            report: String(decoding: try encoder.encode(result), as: UTF8.self))
        return (result, id)
    }

    /// A drift report's failing metrics in one line, or what passed.
    public static func summary(_ report: DriftReport) -> String {
        guard !report.failing.isEmpty else {
            return report.mode == .snapshot ? "snapshot: nothing absolute is wrong" : "every metric within its limits"
        }
        return report.failing.map(\.summary).joined(separator: "; ")
    }

    /// The interactions of Postgres active in `window` (its `from`/`to`, open ends when nil: a
    /// pair streamed in it or rated in it), counted for the drift monitor.
    public static func interactions(in window: DriftWindow, store: Store) async throws -> DriftWindowSummary {
        let counts = try await store.interactionCounts(from: window.from, to: window.to)
        return try DriftWindowSummary(
            window: window, ratingCounts: try RatingCounts(counts.ratings), movieInteractions: counts.movies,
            userInteractions: counts.users)
    }
}
