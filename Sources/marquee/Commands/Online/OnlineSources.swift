import ArgumentParser
import Evaluation
import Foundation
import MovieLog
import Ingest
import Store

/// `1h`, `30m`, `90s`, `2d` or plain seconds.
enum DurationText {
    static func seconds(_ text: String, option: String) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let factor = units[last] {
            digits = digits.dropLast()
            unit = factor
        }
        guard let value = Int64(digits), value > 0, value <= 366 * 86_400 / unit else {
            throw ValidationError("\(option) '\(text)': give a positive duration such as 3600, 90s, 30m, 1h or 2d")
        }
        return value * unit
    }
}

/// `--from` / `--to` as instants.
struct OnlineRange {
    var from: Timestamp
    var to: Timestamp

    init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }

    init(from: String, to: String?, now: Timestamp) throws {
        self.from = try Self.instant(from, option: "--from")
        self.to = try to.map { try Self.instant($0, option: "--to") } ?? now
        guard self.from < self.to else { throw ValidationError("--from \(from) is not before --to \(self.to)") }
    }

    static func instant(_ text: String, option: String) throws -> Timestamp {
        guard let time = Timestamp(logTime: text) else {
            throw ValidationError("\(option) '\(text)': give a UTC instant as the log prints them, e.g. 2025-10-27T22:03:48")
        }
        return time
    }
}

/// Loads what Postgres holds for the batch join: events in a range, the minute lines after
/// them, and the served log around them.
enum OnlinePostgres {
    /// Adds the events of `range` and their users' watches up to a window past its end to
    /// `join`; returns the served log around the events.
    static func load(
        _ range: OnlineRange, into join: inout WTRBatchJoin, store: Store, configuration: OnlineConfiguration
    ) async throws -> [ServedAnswer] {
        let from = range.from.microsecondsSinceEpoch
        let events = try await store.recommendationEvents(
            fromMicroseconds: from, toMicroseconds: range.to.microsecondsSinceEpoch)
        for stored in events {
            join.add(.recommendation(try event(stored)))
        }
        let users = Array(Set(events.map(\.userID))).sorted()
        let through = range.to.microsecondsSinceEpoch + configuration.windowNanoseconds / 1000
        for watches in try await store.watches(ofUsers: users, afterMicroseconds: from, throughMicroseconds: through) {
            guard let movie = MovieID(watches.movieID) else { continue }
            for instant in watches.instants {
                join.add(.watch(Watch(time: timestamp(microseconds: instant), userID: watches.userID, movieID: movie, minute: 0)))
            }
        }
        guard let span = join.eventSpan else { return [] }
        return try await served(around: span, store: store, configuration: configuration)
    }

    /// The served answers that can explain events in `span` (nanoseconds).
    static func served(around span: ClosedRange<Int64>, store: Store, configuration: OnlineConfiguration) async throws
        -> [ServedAnswer]
    {
        let records = try await store.served(
            fromMicroseconds: (span.lowerBound - configuration.servedBeforeNanoseconds) / 1000 - 1,
            throughMicroseconds: (span.upperBound + configuration.servedAfterNanoseconds) / 1000 + 1)
        return records.map(ServedAnswer.init)
    }

    private static func event(_ stored: StoredRecommendation) throws -> RecommendationEvent {
        let result: RecommendationEvent.Result
        if stored.status == 200 {
            result = .items(MovieIDList(stored.items.compactMap(MovieID.init)))
        } else {
            result = .error(stored.error ?? "")
        }
        return RecommendationEvent(
            time: timestamp(microseconds: stored.at), userID: stored.userID, server: stored.server,
            status: stored.status, result: result, latencyMilliseconds: stored.latencyMilliseconds)
    }

    private static func timestamp(microseconds: Int64) -> Timestamp {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds + 1) / 1_000_000 - 1
        return Timestamp(seconds: seconds, nanoseconds: Int32((microseconds - seconds * 1_000_000) * 1000))
    }
}
