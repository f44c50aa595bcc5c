import ArgumentParser
import Foundation
import Ingest
import Logging
import Quality
import Store
import Training

/// A drift window as written on the command line:
/// - `all` — every interaction in Postgres;
/// - `FROM..TO` — interactions active in `[FROM, TO)` (dates `2026-01-31` or RFC 3339 instants,
///   either side may be empty);
/// - `offsets:FROM..TO` — offsets `[FROM, TO)` of every partition of `--topic` on `--brokers`
///   (TO empty = up to the end), read from Kafka itself;
/// - `file:PATH` or `file:PATH@FROM..TO` — a log file's lines `[FROM, TO)`, numbered from 1.
enum DriftWindowSpec: Equatable {
    case all
    case time(from: Date?, to: Date?, label: String)
    case offsets(from: Int64, to: Int64?)
    case file(path: String, from: Int64, to: Int64?)

    init(parsing text: String) throws {
        if text == "all" {
            self = .all
        } else if text.hasPrefix("offsets:") {
            let (from, to) = try Self.offsetRange(String(text.dropFirst(8)), text)
            self = .offsets(from: from, to: to)
        } else if text.hasPrefix("file:") {
            let body = text.dropFirst(5)
            if let at = body.lastIndex(of: "@") {
                let (from, to) = try Self.offsetRange(String(body[body.index(after: at)...]), text)
                self = .file(path: String(body[..<at]), from: from, to: to)
            } else {
                self = .file(path: String(body), from: 1, to: nil)
            }
        } else if let dots = text.range(of: "..") {
            let from = try Self.instant(String(text[..<dots.lowerBound]), text)
            let to = try Self.instant(String(text[dots.upperBound...]), text)
            self = .time(from: from, to: to, label: text)
        } else {
            throw ValidationError(
                "window '\(text)' is not all, FROM..TO (dates or RFC 3339), offsets:FROM..TO or file:PATH[@FROM..TO]")
        }
    }

    /// Counts the window and describes it for the report.
    func summary(
        store: Store, kafka: KafkaOptions?, logger: Logger
    ) async throws -> DriftWindowSummary {
        let counts: InteractionWindowCounts
        let window: DriftWindow
        switch self {
        case .all:
            return try await DataGate.interactions(in: DriftWindow(label: "all interactions"), store: store)
        case .time(let from, let to, let label):
            return try await DataGate.interactions(in: DriftWindow(label: label, from: from, to: to), store: store)
        case .offsets(let from, let to):
            guard let kafka else { throw ValidationError("an offsets window needs --brokers and --topic") }
            let configuration = try kafka.configuration()
            let outcome = try await LogWindowCounter.kafka(configuration, from: from, to: to, logger: logger)
            counts = outcome.counts
            window = DriftWindow(
                label: "\(configuration.topic) offsets \(from)..\(to.map(String.init) ?? "end")",
                offsets: outcome.covered.sorted { $0.key < $1.key }.map {
                    .init(topic: configuration.topic, partition: $0.key, from: $0.value.from, to: $0.value.to)
                })
        case .file(let path, let from, let to):
            let outcome = try LogWindowCounter.file(path: path, from: from, to: to)
            counts = outcome.counts
            window = DriftWindow(
                label: "\(path) lines \(from)..\(to.map(String.init) ?? "end")",
                offsets: outcome.covered.map {
                    .init(topic: "file:\(path)", partition: 0, from: $0.value.from, to: $0.value.to)
                })
        }
        return try DriftWindowSummary(
            window: window, ratingCounts: try RatingCounts(counts.ratings), movieInteractions: counts.movies,
            userInteractions: counts.users)
    }

    private static func offsetRange(_ text: String, _ whole: String) throws -> (Int64, Int64?) {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let from = parts[0].isEmpty ? 0 : Int64(parts[0]), from >= 0 else {
            throw ValidationError("window '\(whole)': offsets are FROM..TO with whole numbers, e.g. offsets:0..50000")
        }
        if parts[1].isEmpty { return (from, nil) }
        guard let to = Int64(parts[1]), to > from else {
            throw ValidationError("window '\(whole)': TO must be a whole number greater than FROM")
        }
        return (from, to)
    }

    private static func instant(_ text: String, _ whole: String) throws -> Date? {
        guard !text.isEmpty else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        throw ValidationError("window '\(whole)': '\(text)' is neither a date (2026-01-31) nor an RFC 3339 instant")
    }
}
