import Logging
import PostgresNIO

extension Store {
    /// Writes a streaming-evaluation batch and the offsets that cover it in one transaction
    /// (exactly once, fenced like ingest: a partition moved by another consumer rolls the whole
    /// batch back with ``StoreError/Code/offsetConflict``).
    public func commit(_ batch: WTRCommit) async throws {
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await fence(groupID: batch.groupID, source: batch.topic, ranges: batch.ranges, connection)
                try await addWindows(batch, connection)
                try await changePending(batch, connection)
                try await storeWatermarks(batch, connection)
                try await storeOffsets(groupID: batch.groupID, source: batch.topic, ranges: batch.ranges, connection)
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError as? StoreError { throw cause }
            throw StoreError(.query, "could not commit a WTR batch: \(String(reflecting: error))", underlying: error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.query, "could not commit a WTR batch: \(String(reflecting: error))", underlying: error)
        }
    }

    /// The pending events of `partitions` (to resume after a restart or a rebalance).
    public func wtrPending(groupID: String, topic: String, partitions: [Int32]) async throws -> [WTRCommit.PendingEvent] {
        let rows = try await client.query(
            """
            SELECT partition, event_key, user_id, at_ns, status, items, converted, request_id, experiment_id, variant
            FROM wtr_pending
            WHERE group_id = \(groupID) AND topic = \(topic) AND partition = ANY(\(partitions)::int4[])
            ORDER BY at_ns, event_key
            """, logger: logger)
        var events: [WTRCommit.PendingEvent] = []
        for try await row in rows.decode((Int32, String, Int64, Int64, Int16, String, Bool, String, String, String).self) {
            events.append(
                .init(
                    partition: row.0, eventKey: row.1, userID: row.2, at: row.3, status: row.4, items: row.5,
                    converted: row.6, requestID: row.7, experimentID: row.8, variant: row.9))
        }
        return events
    }

    /// The stored watermarks (nanoseconds) of `partitions`.
    public func wtrWatermarks(groupID: String, topic: String, partitions: [Int32]) async throws -> [Int32: Int64] {
        let rows = try await client.query(
            """
            SELECT partition, watermark_ns FROM wtr_watermarks
            WHERE group_id = \(groupID) AND topic = \(topic) AND partition = ANY(\(partitions)::int4[])
            """, logger: logger)
        var marks: [Int32: Int64] = [:]
        for try await (partition, mark) in rows.decode((Int32, Int64).self) { marks[partition] = mark }
        return marks
    }

    /// The window rows of `groupID` with `from <= window_start < to` (seconds), in key order.
    public func wtrWindows(groupID: String, fromSeconds from: Int64 = 0, toSeconds to: Int64 = Int64(1) << 40)
        async throws -> [WTRWindowRow]
    {
        let rows = try await client.query(
            """
            SELECT experiment_id, variant, extract(epoch FROM window_start)::int8, events, ok, conversions, latency_counts
            FROM wtr_windows
            WHERE group_id = \(groupID)
              AND window_start >= to_timestamp(\(from)) AND window_start < to_timestamp(\(to))
            ORDER BY experiment_id, variant, window_start
            """, logger: logger)
        var windows: [WTRWindowRow] = []
        for try await row in rows.decode((String, String, Int64, Int64, Int64, Int64, [Int64]).self) {
            windows.append(
                WTRWindowRow(
                    experimentID: row.0, variant: row.1, windowStart: row.2, events: row.3, ok: row.4,
                    conversions: row.5, latencyCounts: row.6))
        }
        return windows
    }

    private func addWindows(_ batch: WTRCommit, _ connection: PostgresConnection) async throws {
        for window in batch.windows {
            let counts = window.latencyCounts.map(String.init).joined(separator: ",")
            try await connection.query(
                """
                INSERT INTO wtr_windows AS w
                    (group_id, experiment_id, variant, window_start, events, ok, conversions, latency_counts)
                VALUES (\(batch.groupID), \(window.experimentID), \(window.variant), to_timestamp(\(window.windowStart)),
                        \(window.events), \(window.ok), \(window.conversions), string_to_array(\(counts), ',')::int8[])
                ON CONFLICT (group_id, experiment_id, variant, window_start) DO UPDATE SET
                    events = w.events + excluded.events, ok = w.ok + excluded.ok,
                    conversions = w.conversions + excluded.conversions,
                    latency_counts = ARRAY(SELECT a + b FROM unnest(w.latency_counts, excluded.latency_counts) AS x(a, b))
                """, logger: logger)
        }
    }

    private func changePending(_ batch: WTRCommit, _ connection: PostgresConnection) async throws {
        if !batch.expired.isEmpty {
            try await connection.query(
                """
                DELETE FROM wtr_pending
                WHERE group_id = \(batch.groupID) AND topic = \(batch.topic) AND event_key = ANY(\(batch.expired)::text[])
                """, logger: logger)
        }
        let rows = batch.inserted
        if !rows.isEmpty {
            try await connection.query(
                """
                INSERT INTO wtr_pending (group_id, topic, partition, event_key, user_id, at_ns, status, items, converted,
                                         request_id, experiment_id, variant)
                SELECT \(batch.groupID), \(batch.topic), p.*
                FROM unnest(\(rows.map(\.partition))::int4[], \(rows.map(\.eventKey))::text[], \(rows.map(\.userID))::int8[],
                            \(rows.map(\.at))::int8[], \(rows.map(\.status))::int2[], \(rows.map(\.items))::text[],
                            \(rows.map(\.converted))::bool[], \(rows.map(\.requestID))::text[],
                            \(rows.map(\.experimentID))::text[], \(rows.map(\.variant))::text[]) AS p
                """, logger: logger)
        }
        if !batch.converted.isEmpty {
            try await connection.query(
                """
                UPDATE wtr_pending SET converted = true
                WHERE group_id = \(batch.groupID) AND topic = \(batch.topic) AND event_key = ANY(\(batch.converted)::text[])
                """, logger: logger)
        }
    }

    private func storeWatermarks(_ batch: WTRCommit, _ connection: PostgresConnection) async throws {
        guard !batch.watermarks.isEmpty else { return }
        let partitions = Array(batch.watermarks.keys)
        let marks = partitions.map { batch.watermarks[$0]! }
        try await connection.query(
            """
            INSERT INTO wtr_watermarks (group_id, topic, partition, watermark_ns)
            SELECT \(batch.groupID), \(batch.topic), m.partition, m.mark
            FROM unnest(\(partitions)::int4[], \(marks)::int8[]) AS m(partition, mark)
            ON CONFLICT (group_id, topic, partition) DO UPDATE SET watermark_ns = excluded.watermark_ns
            """, logger: logger)
    }
}
