import Logging
import PostgresNIO
import Store

/// The ingest tables as sorted text rows, without the columns that record when a row was
/// written (`quarantine.at`, `ingest_offsets.updated_at`): two runs that ingested the same
/// stream have equal snapshots.
public struct TableSnapshot: Sendable, Equatable {
    public var interactions: [String]
    public var recommendationEvents: [String]
    public var quarantine: [String]
    public var offsets: [String]

    /// Reads every ingest table of `store`.
    public static func read(_ store: Store) async throws -> TableSnapshot {
        TableSnapshot(
            interactions: try await rows(
                store,
                """
                SELECT concat_ws('|', user_id, movie_id, minutes::text, minutes_watched, first_watch_at, last_watch_at,
                                 rating, rated_at) FROM interactions ORDER BY 1
                """),
            recommendationEvents: try await rows(
                store,
                """
                SELECT concat_ws('|', line_md5, user_id, at, server, status, latency_ms, items::text, error, source,
                                 partition, "offset") FROM recommendation_events ORDER BY 1
                """),
            quarantine: try await rows(
                store,
                """
                SELECT concat_ws('|', source, partition, "offset", encode(raw, 'hex'), rule, reason)
                FROM quarantine ORDER BY 1
                """),
            offsets: try await rows(
                store,
                """
                SELECT concat_ws('|', group_id, topic, partition, next_offset) FROM ingest_offsets ORDER BY 1
                """))
    }

    private static func rows(_ store: Store, _ sql: String) async throws -> [String] {
        var result: [String] = []
        for try await row in try await store.client.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) {
            result.append(row)
        }
        return result
    }
}
