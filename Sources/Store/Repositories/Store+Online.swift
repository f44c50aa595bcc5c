import PostgresNIO

/// A client recommendation event as ingest stored it.
public struct StoredRecommendation: Sendable, Hashable {
    public var userID: Int64
    /// Microseconds since 1970 (UTC).
    public var at: Int64
    public var server: String
    public var status: Int16
    public var latencyMilliseconds: Int32
    public var items: [String]
    /// The client's error text (status ≠ 200).
    public var error: String?
}

/// The minute-line instants of one user×movie inside a range.
public struct StoredWatches: Sendable, Hashable {
    public var userID: Int64
    public var movieID: String
    /// Microseconds since 1970, ascending.
    public var instants: [Int64]
}

extension Store {
    /// Recommendation events with `from <= at < to` (microseconds since 1970), oldest first.
    public func recommendationEvents(fromMicroseconds from: Int64, toMicroseconds to: Int64) async throws
        -> [StoredRecommendation]
    {
        let rows = try await client.query(
            """
            SELECT user_id, (extract(epoch FROM at) * 1e6)::int8, server, status, latency_ms, items, error
            FROM recommendation_events
            WHERE at >= timestamptz 'epoch' + \(from) * interval '1 microsecond'
              AND at < timestamptz 'epoch' + \(to) * interval '1 microsecond'
            ORDER BY at, line_md5
            """, logger: logger)
        var events: [StoredRecommendation] = []
        for try await row in rows.decode((Int64, Int64, String, Int16, Int32, [String], String?).self) {
            events.append(
                StoredRecommendation(
                    userID: row.0, at: row.1, server: row.2, status: row.3, latencyMilliseconds: row.4, items: row.5,
                    error: row.6))
        }
        return events
    }

    /// The minute-line instants `from < t <= through` (microseconds) of `users`, per user×movie.
    public func watches(ofUsers users: [Int64], afterMicroseconds from: Int64, throughMicroseconds through: Int64)
        async throws -> [StoredWatches]
    {
        guard !users.isEmpty else { return [] }
        let rows = try await client.query(
            """
            SELECT user_id, movie_id,
                   ARRAY(SELECT t FROM unnest(watch_us) AS t WHERE t > \(from) AND t <= \(through) ORDER BY t)
            FROM interactions
            WHERE user_id = ANY(\(users)::int8[])
              AND last_watch_at > timestamptz 'epoch' + \(from) * interval '1 microsecond'
              AND first_watch_at <= timestamptz 'epoch' + \(through) * interval '1 microsecond'
            """, logger: logger)
        var watches: [StoredWatches] = []
        for try await (user, movie, instants) in rows.decode((Int64, String, [Int64]).self) where !instants.isEmpty {
            watches.append(StoredWatches(userID: user, movieID: movie, instants: instants))
        }
        return watches
    }
}
