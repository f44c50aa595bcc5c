import Logging
import MovieLog
import NIOCore
import PostgresNIO

extension Store {
    /// Writes a batch and the offsets that cover it in one transaction (exactly once into
    /// Postgres: either all of it lands with its offsets, or none of it does).
    ///
    /// Before writing, the stored offset of every partition in the batch is locked and must
    /// equal the batch's `expectedStart`; otherwise another consumer moved it (after a
    /// rebalance) and the whole batch is rolled back with ``StoreError/Code/offsetConflict``.
    /// Recommendation lines already stored (same bytes) are quarantined as `duplicate`.
    public func commit(_ batch: IngestCommit) async throws -> IngestCommitOutcome {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await fence(groupID: batch.groupID, source: batch.source, ranges: batch.ranges, connection)
                try await upsertInteractions(batch.interactions, connection)
                let duplicates = try await insertRecommendations(batch, connection)
                var quarantined = batch.quarantined
                for recommendation in batch.recommendations
                where duplicates.contains(Position(partition: recommendation.partition, offset: recommendation.offset))
                {
                    quarantined.append(
                        .init(
                            partition: recommendation.partition, offset: recommendation.offset,
                            raw: Array(recommendation.raw.utf8), rule: MovieLogError.duplicateRecommendation.code.name,
                            reason: MovieLogError.duplicateRecommendation.message))
                }
                try await insertQuarantine(quarantined, source: batch.source, connection)
                try await storeOffsets(groupID: batch.groupID, source: batch.source, ranges: batch.ranges, connection)
                return IngestCommitOutcome(
                    recommendationsStored: batch.recommendations.count - duplicates.count, duplicates: duplicates.count,
                    quarantined: quarantined.count)
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError as? StoreError { throw cause }
            throw StoreError(
                .query, "could not commit an ingest batch: \(String(reflecting: error))", underlying: error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .query, "could not commit an ingest batch: \(String(reflecting: error))", underlying: error)
        }
    }

    /// The next offset to consume for each of `partitions` of `topic` in `groupID`
    /// (absent when nothing was committed yet).
    public func startOffsets(groupID: String, topic: String, partitions: [Int32]) async throws -> [Int32: Int64] {
        let rows = try await client.query(
            """
            SELECT partition, next_offset FROM ingest_offsets
            WHERE group_id = \(groupID) AND topic = \(topic) AND partition = ANY(\(partitions)::int4[])
            """, logger: logger)
        var offsets: [Int32: Int64] = [:]
        for try await (partition, next) in rows.decode((Int32, Int64).self) { offsets[partition] = next }
        return offsets
    }

    private struct Position: Hashable {
        var partition: Int32
        var offset: Int64
    }

    /// Locks the stored offsets of `ranges` and checks each still equals the range's start.
    func fence(
        groupID: String, source: String, ranges: [IngestCommit.PartitionRange], _ connection: PostgresConnection
    ) async throws {
        let partitions = ranges.map(\.partition)
        try await connection.query(
            """
            INSERT INTO ingest_offsets (group_id, topic, partition, next_offset)
            SELECT \(groupID), \(source), p, 0 FROM unnest(\(partitions)::int4[]) AS p
            ON CONFLICT DO NOTHING
            """, logger: logger)
        let rows = try await connection.query(
            """
            SELECT partition, next_offset FROM ingest_offsets
            WHERE group_id = \(groupID) AND topic = \(source) AND partition = ANY(\(partitions)::int4[])
            FOR UPDATE
            """, logger: logger)
        var stored: [Int32: Int64] = [:]
        for try await (partition, next) in rows.decode((Int32, Int64).self) { stored[partition] = next }
        for range in ranges where stored[range.partition] != range.expectedStart {
            throw StoreError(
                .offsetConflict,
                "partition \(range.partition) of \(source) is at offset \(stored[range.partition] ?? -1), "
                    + "not \(range.expectedStart): another consumer took it over; the batch was rolled back")
        }
    }

    private func upsertInteractions(_ rows: [IngestCommit.InteractionUpdate], _ connection: PostgresConnection)
        async throws
    {
        guard !rows.isEmpty else { return }
        let users = rows.map(\.userID)
        let movies = rows.map(\.movieID.rawValue)
        let minutes = rows.map { $0.minutes.map(String.init).joined(separator: ",") }
        let watches = rows.map { $0.watchMicroseconds.map(String.init).joined(separator: ",") }
        let first = rows.map { $0.firstWatch?.microsecondsSinceEpoch ?? -1 }
        let last = rows.map { $0.lastWatch?.microsecondsSinceEpoch ?? -1 }
        let ratings = rows.map { $0.rating ?? 0 }
        let ratedAt = rows.map { $0.ratedAt?.microsecondsSinceEpoch ?? -1 }
        try await connection.query(
            """
            INSERT INTO interactions AS i (user_id, movie_id, minutes, watch_us, first_watch_at, last_watch_at, rating, rated_at)
            SELECT u.user_id, u.movie_id, string_to_array(u.minutes, ',')::int[], string_to_array(u.watches, ',')::int8[],
                   timestamptz 'epoch' + NULLIF(u.first_us, -1) * interval '1 microsecond',
                   timestamptz 'epoch' + NULLIF(u.last_us, -1) * interval '1 microsecond',
                   NULLIF(u.rating, 0),
                   timestamptz 'epoch' + NULLIF(u.rated_us, -1) * interval '1 microsecond'
            FROM unnest(\(users)::int8[], \(movies)::text[], \(minutes)::text[], \(watches)::text[], \(first)::int8[],
                        \(last)::int8[], \(ratings)::int2[], \(ratedAt)::int8[])
                 AS u(user_id, movie_id, minutes, watches, first_us, last_us, rating, rated_us)
            ON CONFLICT (user_id, movie_id) DO UPDATE SET
                minutes = CASE WHEN cardinality(excluded.minutes) = 0 THEN i.minutes
                               WHEN cardinality(i.minutes) = 0 OR excluded.minutes[1] > i.minutes[cardinality(i.minutes)]
                                    THEN i.minutes || excluded.minutes  -- a session moving forward: still sorted, distinct
                               ELSE ARRAY(SELECT DISTINCT m FROM unnest(i.minutes || excluded.minutes) AS m ORDER BY m)
                          END,
                watch_us = CASE WHEN cardinality(excluded.watch_us) = 0 THEN i.watch_us
                                WHEN cardinality(i.watch_us) = 0 OR excluded.watch_us[1] > i.watch_us[cardinality(i.watch_us)]
                                     THEN i.watch_us || excluded.watch_us
                                ELSE ARRAY(SELECT DISTINCT t FROM unnest(i.watch_us || excluded.watch_us) AS t ORDER BY t)
                           END,
                first_watch_at = least(i.first_watch_at, excluded.first_watch_at),
                last_watch_at = greatest(i.last_watch_at, excluded.last_watch_at),
                rating = CASE WHEN excluded.rated_at >= i.rated_at OR i.rated_at IS NULL
                              THEN coalesce(excluded.rating, i.rating) ELSE i.rating END,
                rated_at = CASE WHEN excluded.rated_at >= i.rated_at OR i.rated_at IS NULL
                                THEN coalesce(excluded.rated_at, i.rated_at) ELSE i.rated_at END
            """, logger: logger)
    }

    /// Inserts the events; returns the positions of those already stored (same bytes), which
    /// are few, rather than of the many that were new.
    private func insertRecommendations(_ batch: IngestCommit, _ connection: PostgresConnection) async throws -> Set<
        Position
    > {
        let rows = batch.recommendations
        guard !rows.isEmpty else { return [] }
        let raw = rows.map(\.raw)
        let users = rows.map(\.event.userID)
        let at = rows.map(\.event.time.microsecondsSinceEpoch)
        let servers = rows.map(\.event.server)
        let statuses = rows.map(\.event.status)
        let latencies = rows.map(\.event.latencyMilliseconds)
        let items = rows.map(\.event.items.joined)
        let errors = rows.map { row -> String in
            if case .error(let text) = row.event.result { return text }
            return ""
        }
        let partitions = rows.map(\.partition)
        let offsets = rows.map(\.offset)
        let duplicates = try await connection.query(
            """
            WITH r AS MATERIALIZED (
                SELECT * FROM unnest(\(raw)::text[], \(users)::int8[], \(at)::int8[], \(servers)::text[],
                                     \(statuses)::int2[], \(latencies)::int4[], \(items)::text[], \(errors)::text[],
                                     \(partitions)::int4[], \(offsets)::int8[])
                     AS r(raw, user_id, at_us, server, status, latency, items, error, partition, "offset")
            ), inserted AS (
                INSERT INTO recommendation_events
                    (line_md5, user_id, at, server, status, latency_ms, items, error, source, partition, "offset")
                SELECT md5(r.raw)::uuid, r.user_id, timestamptz 'epoch' + r.at_us * interval '1 microsecond', r.server,
                       r.status, r.latency, string_to_array(r.items, ','), CASE WHEN r.status <> 200 THEN r.error END,
                       \(batch.source), r.partition, r.offset
                FROM r
                ON CONFLICT (line_md5) DO NOTHING
                RETURNING partition, "offset"
            )
            SELECT r.partition, r.offset FROM r
            WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.partition = r.partition AND i.offset = r.offset)
            """, logger: logger)
        var positions: Set<Position> = []
        for try await (partition, offset) in duplicates.decode((Int32, Int64).self) {
            positions.insert(Position(partition: partition, offset: offset))
        }
        return positions
    }

    private func insertQuarantine(
        _ rows: [IngestCommit.Quarantined], source: String, _ connection: PostgresConnection
    ) async throws {
        guard !rows.isEmpty else { return }
        let partitions = rows.map(\.partition)
        let offsets = rows.map(\.offset)
        let raw = rows.map { ByteBuffer(bytes: $0.raw) }
        let rules = rows.map(\.rule)
        let reasons = rows.map(\.reason)
        try await connection.query(
            """
            INSERT INTO quarantine (source, partition, "offset", raw, rule, reason)
            SELECT \(source), q.partition, q.offset, q.raw, q.rule, q.reason
            FROM unnest(\(partitions)::int4[], \(offsets)::int8[], \(raw)::bytea[], \(rules)::text[], \(reasons)::text[])
                 AS q(partition, "offset", raw, rule, reason)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Moves the stored offsets to the end of `ranges` (after ``fence(groupID:source:ranges:_:)``).
    func storeOffsets(
        groupID: String, source: String, ranges: [IngestCommit.PartitionRange], _ connection: PostgresConnection
    ) async throws {
        let partitions = ranges.map(\.partition)
        let next = ranges.map(\.next)
        try await connection.query(
            """
            UPDATE ingest_offsets AS o SET next_offset = n.next, updated_at = now()
            FROM unnest(\(partitions)::int4[], \(next)::int8[]) AS n(partition, next)
            WHERE o.group_id = \(groupID) AND o.topic = \(source) AND o.partition = n.partition
            """, logger: logger)
    }
}
