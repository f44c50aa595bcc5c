import Logging
import PostgresNIO
import Store

/// Interactions written straight into the `interactions` table, for tests that train or serve
/// without ingesting a stream first.
public enum InteractionRows {
    /// Inserts rows (user, movie, minutes watched, rating, first-watch seconds since 1970): the
    /// minutes as chunks 0..<minutes, the rating (when given) two hours after the first watch.
    public static func insert(_ rows: [(Int64, String, Int32, Int16?, Int64)], into store: Store) async throws {
        let logger = Logger(label: "marquee.test")
        for (user, movie, minutes, rating, at) in rows {
            try await store.client.query(
                """
                INSERT INTO interactions (user_id, movie_id, minutes, first_watch_at, last_watch_at, rating, rated_at)
                VALUES (\(user), \(movie), ARRAY(SELECT generate_series(0, \(minutes) - 1)),
                        to_timestamp(\(at)), to_timestamp(\(at) + \(minutes) * 60), \(rating),
                        CASE WHEN \(rating)::int2 IS NULL THEN NULL ELSE to_timestamp(\(at) + 7200) END)
                """, logger: logger)
        }
    }
}
