import Foundation
import PostgresNIO

extension Store {
    /// The promoted version of each kind (`als`, `popgenre`): what `promoted:<kind>` means now.
    public func promotedVersions() async throws -> [String: String] {
        var versions: [String: String] = [:]
        for try await (kind, version) in try await client.query(
            "SELECT kind, version FROM models WHERE status = 'promoted'", logger: logger
        ).decode((String, String).self) {
            versions[kind] = version
        }
        return versions
    }

    /// Every interaction of `userIDs` as stored now: what the server adds to a model's view of
    /// a user (movies watched since training, and the rows a new user's fold-in starts from).
    /// Rows are read as training reads them (``InteractionRow``).
    public func interactions(ofUsers userIDs: [Int64]) async throws -> [InteractionRow] {
        guard !userIDs.isEmpty else { return [] }
        let rows = try await client.query(
            """
            SELECT user_id, movie_id, minutes_watched, rating,
                   (extract(epoch FROM least(first_watch_at, rated_at)) * 1000000)::bigint
            FROM interactions WHERE user_id = ANY(\(userIDs)::int8[])
            """, logger: logger)
        var interactions: [InteractionRow] = []
        for try await (user, movie, minutes, rating, at) in rows.decode((Int64, String, Int32, Int16?, Int64).self) {
            interactions.append(
                InteractionRow(
                    userID: user, movieID: movie, minutesWatched: Int(minutes), rating: rating.map(Int.init), at: at))
        }
        return interactions
    }
}
