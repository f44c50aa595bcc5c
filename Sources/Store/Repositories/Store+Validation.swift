import PostgresNIO

/// A table `marquee validate` can check, with the schema (in `schemas/`) its rows must meet.
public enum ValidatedTable: String, Sendable, CaseIterable {
    case interactions
    /// The rated interactions, as rating events.
    case ratings
    case recommendationEvents = "recommendation_events"
    case movies
    case users

    /// The schema's name (`<name>.schema.json`).
    public var schema: String {
        switch self {
        case .interactions: "interaction"
        case .ratings: "rating"
        case .recommendationEvents: "recommendation-event"
        case .movies: "movie"
        case .users: "user"
        }
    }

    /// Each row as a JSON object with exactly the schema's fields (instants in RFC 3339).
    fileprivate var query: String {
        switch self {
        case .interactions:
            """
            SELECT json_build_object('user_id', user_id, 'movie_id', movie_id, 'minutes_watched', minutes_watched,
                'first_watch_at', first_watch_at, 'last_watch_at', last_watch_at, 'rating', rating,
                'rated_at', rated_at)::text FROM interactions
            """
        case .ratings:
            """
            SELECT json_build_object('user_id', user_id, 'movie_id', movie_id, 'rating', rating, 'at', rated_at)::text
            FROM interactions WHERE rating IS NOT NULL
            """
        case .recommendationEvents:
            """
            SELECT json_build_object('user_id', user_id, 'at', at, 'server', server, 'status', status,
                'latency_ms', latency_ms, 'items', items, 'error', error)::text FROM recommendation_events
            """
        case .movies:
            """
            SELECT json_build_object('movie_id', movie_id, 'title', title, 'year', year, 'genres', genres,
                'runtime', runtime)::text FROM movies
            """
        case .users:
            """
            SELECT json_build_object('user_id', user_id, 'age', age, 'occupation', occupation,
                'gender', gender)::text FROM users
            """
        }
    }
}

extension Store {
    /// Calls `body` with every row of `table` as JSON text, streaming (rows are not collected).
    public func forEachRow(of table: ValidatedTable, _ body: (String) throws -> Void) async throws {
        await waitUntilRunning()
        let rows = try await client.query(PostgresQuery(unsafeSQL: table.query), logger: logger)
        for try await json in rows.decode(String.self) { try body(json) }
    }
}
