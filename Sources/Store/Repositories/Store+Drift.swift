import Foundation
import PostgresNIO

/// Counts of one window of interactions, for the drift monitor.
public struct InteractionWindowCounts: Sendable, Hashable {
    /// Ratings given in the window, by stars (index 0 = 1 star).
    public var ratings = [Int](repeating: 0, count: 5)
    /// Movie id → user × movie pairs active in the window.
    public var movies: [String: Int] = [:]
    /// User id → user × movie pairs active in the window.
    public var users: [Int64: Int] = [:]

    public init() {}
}

extension Store {
    /// The user × movie pairs active in `[from, to)`: streamed in it (the span from first to
    /// last minute overlaps it) or rated in it; open ends when nil. Ratings count by `rated_at`.
    public func interactionCounts(from: Date?, to: Date?) async throws -> InteractionWindowCounts {
        await waitUntilRunning()
        let start = from ?? .distantPast
        let end = to ?? .distantFuture
        var counts = InteractionWindowCounts()
        let active = """
            ((first_watch_at < $2 AND last_watch_at >= $1) OR (rated_at >= $1 AND rated_at < $2))
            """
        var bindings = PostgresBindings()
        bindings.append(start)
        bindings.append(end)
        let byMovie = try await client.query(
            PostgresQuery(
                unsafeSQL: "SELECT movie_id, count(*) FROM interactions WHERE \(active) GROUP BY movie_id",
                binds: bindings), logger: logger)
        for try await (movie, count) in byMovie.decode((String, Int).self) { counts.movies[movie] = count }
        let byUser = try await client.query(
            PostgresQuery(
                unsafeSQL: "SELECT user_id, count(*) FROM interactions WHERE \(active) GROUP BY user_id",
                binds: bindings), logger: logger)
        for try await (user, count) in byUser.decode((Int64, Int).self) { counts.users[user] = count }
        let byRating = try await client.query(
            """
            SELECT rating, count(*) FROM interactions
            WHERE rated_at >= \(start) AND rated_at < \(end) AND rating IS NOT NULL GROUP BY rating
            """, logger: logger)
        for try await (rating, count) in byRating.decode((Int16, Int).self) where (1...5).contains(rating) {
            counts.ratings[Int(rating) - 1] = count
        }
        return counts
    }
}
