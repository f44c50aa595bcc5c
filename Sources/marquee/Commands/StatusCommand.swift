import ArgumentParser
import Foundation
import Store

/// `marquee status`: what the ingest tables hold.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print what landed: interactions, ratings, recommendation events, quarantine by rule.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.makeLogger()
        let summary = try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await store.migrate()
            return try await store.ingestSummary()
        }
        Output.line(Self.describe(summary))
    }

    static func describe(_ summary: IngestTablesSummary) -> String {
        var lines = [
            "interactions           \(summary.interactions) (users \(summary.users), movies \(summary.movies))",
            "  watched              \(summary.watched) rows, \(summary.minutes) distinct minutes",
            "  rated                \(summary.ratings)",
            "recommendation events  \(summary.recommendationEvents) (status 200: \(summary.recommendationsOK))",
            "quarantined            \(summary.quarantinedByRule.values.reduce(0, +))",
        ]
        for (rule, count) in summary.quarantinedByRule.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(rule.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
        }
        return lines.joined(separator: "\n")
    }
}
