import Foundation
import PostgresNIO

/// One `interactions` row as training reads it.
public struct InteractionRow: Sendable, Hashable {
    public var userID: Int64
    public var movieID: String
    public var minutesWatched: Int
    public var rating: Int?
    /// The first streamed minute, or the rating's time for a movie never streamed (µs since 1970).
    public var at: Int64

    public init(userID: Int64, movieID: String, minutesWatched: Int, rating: Int?, at: Int64) {
        self.userID = userID
        self.movieID = movieID
        self.minutesWatched = minutesWatched
        self.rating = rating
        self.at = at
    }
}

/// The interactions and where the ingest stood, read in one consistent snapshot.
public struct InteractionSnapshot: Sendable {
    public var rows: [InteractionRow]
    /// Row counts of the tables the snapshot reflects.
    public var tables: [String: Int]
    /// The furthest stored ingest position per (topic, partition) over all consumer groups.
    public var offsets: [(topic: String, partition: Int, nextOffset: Int64)]
}

extension Store {
    /// All interactions (or those first engaged with inside `window`), sorted by (user, movie),
    /// with the ingest offsets and row counts of the same moment (a repeatable-read snapshot).
    public func interactionSnapshot(window: Range<Date>? = nil) async throws -> InteractionSnapshot {
        let from = window?.lowerBound ?? .distantPast
        let to = window?.upperBound ?? .distantFuture
        return try await transaction("read the interactions") { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var rows: [InteractionRow] = []
            let result = try await connection.query(
                """
                SELECT user_id, movie_id, minutes_watched, rating,
                       (extract(epoch FROM least(first_watch_at, rated_at)) * 1000000)::bigint
                FROM interactions
                WHERE least(first_watch_at, rated_at) >= \(from) AND least(first_watch_at, rated_at) < \(to)
                ORDER BY user_id, movie_id COLLATE "C"
                """, logger: logger)
            for try await (user, movie, minutes, rating, at) in result.decode(
                (Int64, String, Int32, Int16?, Int64).self)
            {
                rows.append(
                    InteractionRow(
                        userID: user, movieID: movie, minutesWatched: Int(minutes), rating: rating.map(Int.init), at: at
                    ))
            }
            var tables: [String: Int] = [:]
            let counts = try await connection.query(
                """
                SELECT (SELECT count(*) FROM interactions), (SELECT count(*) FROM recommendation_events),
                       (SELECT count(*) FROM quarantine), (SELECT count(*) FROM movies), (SELECT count(*) FROM users)
                """, logger: logger)
            for try await (interactions, events, quarantine, movies, users) in counts.decode(
                (Int, Int, Int, Int, Int).self)
            {
                tables = [
                    "interactions": interactions, "recommendation_events": events, "quarantine": quarantine,
                    "movies": movies, "users": users,
                ]
            }
            var offsets: [(topic: String, partition: Int, nextOffset: Int64)] = []
            let positions = try await connection.query(
                """
                SELECT topic, partition, max(next_offset) FROM ingest_offsets
                GROUP BY topic, partition ORDER BY topic, partition
                """, logger: logger)
            for try await (topic, partition, next) in positions.decode((String, Int32, Int64).self) {
                offsets.append((topic, Int(partition), next))
            }
            return InteractionSnapshot(rows: rows, tables: tables, offsets: offsets)
        }
    }

    /// The genres of every movie in the catalog.
    public func genresByMovie() async throws -> [String: [String]] {
        var genres: [String: [String]] = [:]
        let rows = try await client.query("SELECT movie_id, genres FROM movies", logger: logger)
        for try await (movie, names) in rows.decode((String, [String]).self) { genres[movie] = names }
        return genres
    }
}
