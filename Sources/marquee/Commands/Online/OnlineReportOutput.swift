import Evaluation
import Foundation

/// Writes the report's JSON and HTML.
enum OnlineReportFiles {
    /// Writes both files; a missing path defaults to `.marquee/reports/online-<time>.json` and the
    /// HTML beside the JSON. Returns the paths written.
    static func write(_ report: OnlineReport, json: String?, html: String?) throws -> (json: String, html: String) {
        let stamp = report.generatedAt.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        let jsonPath = json ?? ".marquee/reports/online-\(stamp).json"
        let htmlPath =
            html ?? (jsonPath.hasSuffix(".json") ? String(jsonPath.dropLast(5)) + ".html" : jsonPath + ".html")
        for path in [jsonPath, htmlPath] {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        try encode(report).write(to: URL(fileURLWithPath: jsonPath), options: .atomic)
        try Data(report.html().utf8).write(to: URL(fileURLWithPath: htmlPath), options: .atomic)
        return (jsonPath, htmlPath)
    }

    /// The report as JSON: snake_case keys, sorted, indented (`schemas/online-report.schema.json`).
    static func encode(_ report: OnlineReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }
}

/// The per-variant table printed to the terminal.
enum OnlineReportTable {
    static func render(_ report: OnlineReport) -> String {
        var rows = [
            [
                "variant", "events", "ok", "conversions", "WTR", "95% interval", "non-200", "p50/p95/p99 ms",
                "share", "weight",
            ]
        ]
        for group in report.variants + report.otherVariants + [report.unattributed, report.overall] {
            let name = group.experiment.map { $0 == report.experiment ? group.name : "\($0)/\(group.name)" } ?? group.name
            let latency = [group.latency.p50, group.latency.p95, group.latency.p99]
                .map { $0.map(String.init) ?? "-" }.joined(separator: "/")
            rows.append([
                name, "\(group.events)", "\(group.ok)", "\(group.conversions)", pct(group.wtr),
                "\(pct(group.wtrLow))–\(pct(group.wtrHigh))", pct(group.failureShare), latency,
                group.trafficShare.map(pct) ?? "", group.weight.map { String(format: "%g", $0) } ?? "",
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        for comparison in report.comparisons {
            lines.append(
                "\(comparison.treatment) vs \(comparison.control): \(points(comparison.difference)) points "
                    + "(95% CI \(points(comparison.differenceLow)) to \(points(comparison.differenceHigh))), "
                    + "z-test p = \(p(comparison.pValueFixedHorizon)) (fixed horizon), "
                    + "always-valid p = \(p(comparison.pValueAlwaysValid))")
        }
        lines.append("SRM: \(report.sampleRatio.flagged ? "FLAGGED, " : "")\(report.sampleRatio.note)")
        if let lineCounts = report.lines {
            let rejected = lineCounts.rejectedByRule.values.reduce(0, +)
            lines.append(
                "lines: \(lineCounts.read) read, \(lineCounts.watches) watch, \(lineCounts.ratings) rating, "
                    + "\(lineCounts.recommendations) recommendation, \(rejected) rejected; "
                    + "\(report.duplicates) duplicated events counted once")
        }
        lines.append("verdict: \(report.verdict.sentence)")
        return lines.joined(separator: "\n")
    }

    private static func pct(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }
    private static func points(_ difference: Double) -> String { String(format: "%+.2f", difference * 100) }
    private static func p(_ value: Double) -> String { value < 0.0001 ? "<0.0001" : String(format: "%.3g", value) }
}
