import Foundation
import MovieLog
import PostgresNIO

extension Store {
    /// A served record's columns, in the order ``servedCopyRows(_:)`` writes them: what the
    /// spool keeps and ``replayServed(rows:_:)`` reads.
    static let servedRecordColumns = [
        "request_id", "user_id", "at", "experiment_id", "variant", "model_version", "data_id", "code_version",
        "line", "latency_us", "basis", "fallback",
    ]

    /// `records` as rows of PostgreSQL's COPY text format, provenance spelled out, for
    /// ``replayServed(rows:_:)``. CPU work a caller may want to do away from threads that answer
    /// requests; written straight into one byte array, with no intermediate strings.
    public static func servedCopyRows(_ records: [ServedRecord]) -> ByteBuffer {
        var rows = CopyRows(reservingCapacity: records.count * 320)
        for record in records {
            rows.append(text: record.requestID)
            rows.append(decimal: record.userID)
            rows.append(timestamp: record.at)
            rows.append(text: record.experimentID)
            rows.append(text: record.variant)
            rows.append(text: record.modelVersion)
            rows.append(text: record.dataID)
            rows.append(text: record.codeVersion)
            rows.append(text: record.line)
            rows.append(decimal: Int64(record.latencyMicroseconds))
            rows.append(text: record.basis)
            rows.append(text: record.fallback)
            rows.endRow()
        }
        return rows.byteBuffer
    }

    /// The id of a provenance in `served_provenance`, added when new: what
    /// ``ServedBatchColumns`` carry. Ids stay valid for the life of the database (until
    /// ``resetTables()``).
    public func servedProvenanceID(
        experimentID: String, variant: String, modelVersion: String, dataID: String, codeVersion: String
    ) async throws -> Int32 {
        let rows = try await client.query(
            "SELECT served_provenance_id(\(experimentID), \(variant), \(modelVersion), \(dataID), \(codeVersion))",
            logger: logger)
        for try await id in rows.decode(Int32.self) { return id }
        throw StoreError(.rejected, "served_provenance_id returned no row")
    }

    /// Stores a batch of answers as one `served_batches` row, unless a batch of that name is
    /// stored: a write that timed out and committed later, and the replay of its spooled rows,
    /// store it once between them. True when this call stored it.
    @discardableResult
    public func writeServed(_ columns: ServedBatchColumns) async throws -> Bool {
        guard columns.count > 0, columns.isComplete else {
            throw StoreError(
                .rejected,
                "served batch \(columns.batch) holds \(columns.count) answers, not the count its arrays declare")
        }
        let stored = try await client.query(
            """
            INSERT INTO served_batches (batch, first_at, last_at, request_ids, user_ids, ats, provenance_ids, lines,
                                        latencies_us, bases, fallbacks)
            VALUES (\(columns.batch), timestamptz 'epoch' + \(columns.firstAt) * interval '1 microsecond',
                    timestamptz 'epoch' + \(columns.lastAt) * interval '1 microsecond', \(columns.requestIDs),
                    \(columns.userIDs), \(columns.ats), \(columns.provenanceIDs), \(columns.lines), \(columns.latencies),
                    \(columns.bases), \(columns.fallbacks))
            ON CONFLICT (batch) DO NOTHING RETURNING batch
            """, logger: logger
        ).collect()
        return !stored.isEmpty
    }

    /// How a replay tells which of its rows are stored.
    public enum ServedReplay: Sendable, Equatable {
        /// The rows of the batch named so, which any earlier write or replay stored under that
        /// name: stored whole unless a batch of that name is.
        case batch(String)
        /// Rows a write may have stored under a name not known (spooled by servers before
        /// batches had names, or given to ``insertServed(_:)``): rows whose request id is stored
        /// in their time span are skipped.
        case unnamed
    }

    /// Appends records in the served log's spool form, ``servedCopyRows(_:)``, once, as one
    /// batch, in one transaction: the rows are copied into a temporary table, their provenances
    /// added where new, and stored as a `served_batches` row. Throws ``StoreError`` `rejected`
    /// when PostgreSQL refuses the rows themselves.
    public func replayServed(rows: ByteBuffer, _ replay: ServedReplay) async throws {
        do {
            try await self.replay(rows: rows, replay)
        } catch let error as PostgresTransactionError {
            // The rows are refused inside the transaction; anything else (no connection) is not theirs.
            guard let refusal = error.closureError as? PSQLError, refusal.code == .server else { throw error }
            throw StoreError(
                .rejected, "PostgreSQL refused served-log rows: \(refusal.serverInfo?[.message] ?? "\(refusal)")",
                underlying: error)
        }
    }

    private func replay(rows: ByteBuffer, _ replay: ServedReplay) async throws {
        let batch: String? = if case .batch(let name) = replay { name } else { nil }
        try await client.withTransaction(logger: logger) { connection in
            if let batch {
                let stored = try await connection.query(
                    "SELECT 1 FROM served_batches WHERE batch = \(batch)", logger: logger
                ).collect()
                guard stored.isEmpty else { return }
            }
            try await connection.query(
                """
                CREATE TEMPORARY TABLE served_replay (
                    request_id text COLLATE "C", user_id bigint, at timestamptz, experiment_id text, variant text,
                    model_version text, data_id text, code_version text, line text, latency_us integer, basis text,
                    fallback text
                ) ON COMMIT DROP
                """, logger: logger)
            try await connection.copyFrom(table: "served_replay", columns: Self.servedRecordColumns, logger: logger) {
                writer in
                try await writer.write(rows)
            }
            if batch == nil {
                // The batches whose span meets the rows' (the index on `last_at`), unnested and
                // hash-joined: the temporary table's statistics keep the planner off a nested loop.
                try await connection.query("ANALYZE served_replay", logger: logger)
                try await connection.query(
                    """
                    DELETE FROM served_replay r
                    USING (SELECT a.request_id
                           FROM served_batches b CROSS JOIN LATERAL unnest(b.request_ids) AS a(request_id)
                           WHERE b.last_at >= (SELECT min(at) FROM served_replay)
                             AND b.first_at <= (SELECT max(at) FROM served_replay)) s
                    WHERE s.request_id = r.request_id
                    """, logger: logger)
            }
            try await connection.query(
                """
                SELECT served_provenance_id(experiment_id, variant, model_version, data_id, code_version)
                FROM (SELECT DISTINCT experiment_id, variant, model_version, data_id, code_version FROM served_replay) p
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO served_batches
                SELECT coalesce(\(batch), 'replay-' || gen_random_uuid()), min(r.at), max(r.at),
                       array_agg(r.request_id ORDER BY r.at, r.request_id), array_agg(r.user_id ORDER BY r.at, r.request_id),
                       array_agg(r.at ORDER BY r.at, r.request_id), array_agg(p.id ORDER BY r.at, r.request_id),
                       array_agg(r.line ORDER BY r.at, r.request_id), array_agg(r.latency_us ORDER BY r.at, r.request_id),
                       array_agg(r.basis ORDER BY r.at, r.request_id), array_agg(r.fallback ORDER BY r.at, r.request_id)
                FROM served_replay r
                JOIN served_provenance p USING (experiment_id, variant, model_version, data_id, code_version)
                HAVING count(*) > 0
                ON CONFLICT (batch) DO NOTHING
                """, logger: logger)
        }
    }

    /// `2026-11-24 19:05:00.123456+00` for microseconds since 1970 (UTC).
    static func timestampText(microseconds: Int64) -> String {
        var rows = CopyRows()
        rows.append(timestamp: microseconds)
        return String(decoding: rows.byteBuffer.readableBytesView, as: UTF8.self)
    }
}
