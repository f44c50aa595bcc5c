import Evaluation
import Foundation
import MovieLog
import Store

/// The demo's online evaluation: the batch join over what ingest stored since the traffic
/// started, against the demo's experiment, written as the JSON and HTML reports.
enum DemoEvaluation {
    struct Result {
        var report: OnlineReport
        var table: String
        var json: String
        var html: String
    }

    static func evaluate(from start: Timestamp, experimentPath: String, store: Store) async throws -> Result {
        let configuration = OnlineConfiguration()
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970) + 1)
        let range = OnlineRange(from: start, to: now)
        var join = WTRBatchJoin(configuration: configuration)
        let served = try await OnlinePostgres.load(range, into: &join, store: store, configuration: configuration)
        let report = OnlineReport(
            tally: join.tally(served: served), plan: try EvaluateOnlineCommand.plan(configFile: experimentPath),
            source: .init(kind: "postgres", description: "events from \(range.from) to \(range.to)"),
            configuration: configuration, lines: nil, generatedAt: now)
        let paths = try OnlineReportFiles.write(report, json: nil, html: nil)
        return Result(report: report, table: OnlineReportTable.render(report), json: paths.json, html: paths.html)
    }
}
