import Foundation
import NIOCore
import PostgresNIO

extension Store {
    /// Upserts movies and users and records rejects, in one transaction.
    ///
    /// A later row for the same id replaces an earlier one (within the batch too); a row stored
    /// from `source` clears that source's earlier reject for the same id.
    public func write(_ rows: CatalogRows) async throws -> CatalogWriteOutcome {
        guard !rows.isEmpty else { return CatalogWriteOutcome() }
        do {
            return try await client.withTransaction(logger: logger) { connection in
                var outcome = CatalogWriteOutcome()
                (outcome.moviesInserted, outcome.moviesUpdated) = try await upsertMovies(rows, connection)
                (outcome.usersInserted, outcome.usersUpdated) = try await upsertUsers(rows, connection)
                outcome.rejects = try await insertRejects(rows, connection)
                return outcome
            }
        } catch {
            throw StoreError(.query, "could not write catalog rows: \(String(reflecting: error))", underlying: error)
        }
    }

    /// Movie ids that interactions mention but `movies` lacks, in id order; unless
    /// `includingRejected`, without those `source` already rejected.
    public func missingMovieIDs(source: String, includingRejected: Bool) async throws -> [String] {
        let rows = try await client.query(
            """
            SELECT DISTINCT i.movie_id FROM interactions i
            WHERE NOT EXISTS (SELECT 1 FROM movies m WHERE m.movie_id = i.movie_id)
              AND (\(includingRejected) OR NOT EXISTS (
                   SELECT 1 FROM catalog_rejects r WHERE r.kind = 'movie' AND r.key = i.movie_id AND r.source = \(source)))
            ORDER BY 1
            """, logger: logger)
        var ids: [String] = []
        for try await id in rows.decode(String.self) { ids.append(id) }
        return ids
    }

    /// User ids that interactions or recommendation events mention but `users` lacks, in id
    /// order; unless `includingRejected`, without those `source` already rejected.
    public func missingUserIDs(source: String, includingRejected: Bool) async throws -> [Int64] {
        let rows = try await client.query(
            """
            SELECT s.user_id FROM (SELECT user_id FROM interactions UNION SELECT user_id FROM recommendation_events) s
            WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = s.user_id)
              AND (\(includingRejected) OR NOT EXISTS (
                   SELECT 1 FROM catalog_rejects r WHERE r.kind = 'user' AND r.key = s.user_id::text AND r.source = \(source)))
            ORDER BY 1
            """, logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    private func upsertMovies(_ rows: CatalogRows, _ connection: PostgresConnection) async throws -> (Int, Int) {
        guard !rows.movies.isEmpty else { return (0, 0) }
        let ids = rows.movies.map(\.movieID)
        let titles = rows.movies.map { $0.title ?? "" }
        let years = rows.movies.map { $0.year ?? 0 }
        let genres = try rows.movies.map { String(decoding: try JSONEncoder().encode($0.genres), as: UTF8.self) }
        let runtimes = rows.movies.map { $0.runtime ?? 0 }
        // Sentinels stand for NULL (a blank title, year 0, runtime 0), as unnest takes no NULLs from us.
        let result = try await connection.query(
            """
            INSERT INTO movies AS t (movie_id, title, year, genres, runtime, source)
            SELECT DISTINCT ON (m.movie_id) m.movie_id, NULLIF(m.title, ''), NULLIF(m.year, 0),
                   ARRAY(SELECT jsonb_array_elements_text(m.genres::jsonb)), NULLIF(m.runtime, 0), \(rows.source)
            FROM unnest(\(ids)::text[], \(titles)::text[], \(years)::int2[], \(genres)::text[], \(runtimes)::int4[])
                 WITH ORDINALITY AS m(movie_id, title, year, genres, runtime, n)
            ORDER BY m.movie_id, m.n DESC
            ON CONFLICT (movie_id) DO UPDATE SET
                title = excluded.title, year = excluded.year, genres = excluded.genres, runtime = excluded.runtime,
                source = excluded.source, updated_at = now()
            RETURNING xmax = 0
            """, logger: logger)
        let counts = try await Self.insertedAndUpdated(result)
        try await connection.query(
            """
            DELETE FROM catalog_rejects
            WHERE kind = 'movie' AND source = \(rows.source) AND key = ANY(\(ids)::text[])
            """, logger: logger)
        return counts
    }

    private func upsertUsers(_ rows: CatalogRows, _ connection: PostgresConnection) async throws -> (Int, Int) {
        guard !rows.users.isEmpty else { return (0, 0) }
        let ids = rows.users.map(\.userID)
        let ages = rows.users.map { $0.age ?? 0 }
        let occupations = rows.users.map { $0.occupation ?? "" }
        let genders = rows.users.map { $0.gender ?? "" }
        let result = try await connection.query(
            """
            INSERT INTO users AS t (user_id, age, occupation, gender, source)
            SELECT DISTINCT ON (u.user_id) u.user_id, NULLIF(u.age, 0), NULLIF(u.occupation, ''), NULLIF(u.gender, ''),
                   \(rows.source)
            FROM unnest(\(ids)::int8[], \(ages)::int2[], \(occupations)::text[], \(genders)::text[])
                 WITH ORDINALITY AS u(user_id, age, occupation, gender, n)
            ORDER BY u.user_id, u.n DESC
            ON CONFLICT (user_id) DO UPDATE SET
                age = excluded.age, occupation = excluded.occupation, gender = excluded.gender,
                source = excluded.source, updated_at = now()
            RETURNING xmax = 0
            """, logger: logger)
        let counts = try await Self.insertedAndUpdated(result)
        let keys = ids.map(String.init)
        try await connection.query(
            """
            DELETE FROM catalog_rejects
            WHERE kind = 'user' AND source = \(rows.source) AND key = ANY(\(keys)::text[])
            """, logger: logger)
        return counts
    }

    private func insertRejects(_ rows: CatalogRows, _ connection: PostgresConnection) async throws -> Int {
        guard !rows.rejects.isEmpty else { return 0 }
        let kinds = rows.rejects.map(\.kind)
        let keys = rows.rejects.map(\.key)
        let raw = rows.rejects.map { ByteBuffer(bytes: $0.raw) }
        let reasons = rows.rejects.map(\.reason)
        try await connection.query(
            """
            INSERT INTO catalog_rejects (kind, key, source, raw, reason)
            SELECT DISTINCT ON (r.kind, r.key) r.kind, r.key, \(rows.source), r.raw, r.reason
            FROM unnest(\(kinds)::text[], \(keys)::text[], \(raw)::bytea[], \(reasons)::text[])
                 WITH ORDINALITY AS r(kind, key, raw, reason, n)
            ORDER BY r.kind, r.key, r.n DESC
            ON CONFLICT (kind, key, source) DO UPDATE SET raw = excluded.raw, reason = excluded.reason, at = now()
            """, logger: logger)
        return rows.rejects.count
    }

    private static func insertedAndUpdated(_ rows: PostgresRowSequence) async throws -> (Int, Int) {
        var inserted = 0
        var updated = 0
        for try await isNew in rows.decode(Bool.self) {
            if isNew { inserted += 1 } else { updated += 1 }
        }
        return (inserted, updated)
    }
}
