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

    /// The columns of `served_lines`, in the order rows for ``copyServed(rows:)`` carry them; the
    /// provenance as its `served_provenance` id (``servedProvenanceID(experimentID:variant:modelVersion:dataID:codeVersion:)``).
    public static let servedColumns = [
        "request_id", "user_id", "at", "provenance_id", "line", "latency_us", "basis", "fallback",
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

    /// The id of a provenance in `served_provenance`, added when new: what rows for
    /// ``copyServed(rows:)`` carry. Ids stay valid for the life of the database (until
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

    /// The advisory lock that orders served-log writes and replays: fresh writes hold it shared,
    /// replays alone (the key is "mqserved" in ASCII).
    static let servedWriteLock: Int64 = 0x6D71_7365_7276_6564

    /// Appends rows of ``servedColumns`` with one `COPY served_lines FROM STDIN`, the cheapest
    /// write PostgreSQL has. For rows never written before: nothing here skips a stored request
    /// id (rows that may be stored in part go through ``replayServed(rows:_:)``).
    ///
    /// A caller that gave up waiting (its timeout passed while the write waited for a
    /// connection, say) has spooled the rows to replay them; `abandoned` is asked once the write
    /// holds ``servedWriteLock``, and when it says so the write stops with ``StoreError``
    /// `abandoned` and writes nothing. A write that began before holds the lock until it ends,
    /// and a replay waits for it, so the replay sees its rows.
    public func copyServed(rows: ByteBuffer, abandoned: @escaping @Sendable () -> Bool = { false }) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock_shared(\(Self.servedWriteLock))", logger: logger)
            guard !abandoned() else {
                throw StoreError(
                    .abandoned, "the served-log write was given up on before it began; its rows are spooled")
            }
            try await connection.copyFrom(table: "served_lines", columns: Self.servedColumns, logger: logger) { writer in
                try await writer.write(rows)
            }
        }
    }

    /// What a replay may find stored of its rows.
    public enum ServedReplay: Sendable {
        /// Rows no write has tried to store (spilled while Postgres lagged, or spooled while it
        /// was known to be down), in the batch named `batch`: replayed whole unless a replay of
        /// that batch committed before (a crash between a replay and its segment's removal).
        case unwritten(batch: String)
        /// Rows a write may have stored (it failed or timed out, and may have committed), in the
        /// batch named `batch` when known: rows whose request id is stored are skipped.
        case mayBeStored(batch: String?)
    }

    /// Appends records in the served log's spool form, ``servedCopyRows(_:)``, once, in one
    /// transaction: the rows are copied into a temporary table, their provenances added where
    /// new, and inserted. A batch replayed before is skipped whole (`served_batches` keeps the
    /// names of replayed batches); rows a write may have stored are looked up by request id
    /// among the rows of their time span. The replay first waits for fresh writes in flight
    /// (``servedWriteLock``), which may hold the same rows, so it sees them committed or not at
    /// all. Throws ``StoreError`` `rejected` when PostgreSQL refuses the rows themselves.
    public func replayServed(rows: ByteBuffer, _ replay: ServedReplay) async throws {
        if case .mayBeStored = replay { await summarizeServedTimes() }
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

    /// Stored rows are found by time span through the BRIN index on `at`, which skips only
    /// page ranges it has summarized; autovacuum summarizes new ranges within about a minute,
    /// which at 100k answers a second leaves millions of rows to read. So a replay that looks
    /// rows up first summarizes what is new (one read of those pages, once). It is an owner's
    /// right and waits for autovacuum's lock on the table; without it (not the owner, or not
    /// within half a second) the replay reads those pages instead.
    private func summarizeServedTimes() async {
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SET LOCAL lock_timeout = '500ms'", logger: logger)
                try await connection.query("SELECT brin_summarize_new_values('served_at')", logger: logger)
            }
        } catch {
            logger.debug("served log: BRIN summary not refreshed before a replay", metadata: ["error": "\(error)"])
        }
    }

    private func replay(rows: ByteBuffer, _ replay: ServedReplay) async throws {
        let (batch, lookUp): (String?, Bool) =
            switch replay {
            case .unwritten(let batch): (batch, false)
            case .mayBeStored(let batch): (batch, true)
            }
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.servedWriteLock))", logger: logger)
            if let batch {
                let marked = try await connection.query(
                    "INSERT INTO served_batches (batch) VALUES (\(batch)) ON CONFLICT DO NOTHING RETURNING batch",
                    logger: logger
                ).collect()
                guard !marked.isEmpty else { return }  // replayed before
            }
            // A batch against a time span: hash joins. Without this (and the temporary table's
            // statistics), the five-column provenance join was estimated at one row and the
            // lookup ran as a nested loop, rescanning the span for each of 5,000 rows: minutes.
            try await connection.query("SET LOCAL enable_nestloop = off", logger: logger)
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
            try await connection.query("ANALYZE served_replay", logger: logger)
            if lookUp {
                try await connection.query(
                    """
                    DELETE FROM served_replay r USING served_lines s
                    WHERE s.request_id = r.request_id
                      AND s.at BETWEEN (SELECT min(at) FROM served_replay) AND (SELECT max(at) FROM served_replay)
                    """, logger: logger)
            }
            try await connection.query(
                """
                SELECT served_provenance_id(experiment_id, variant, model_version, data_id, code_version)
                FROM (SELECT DISTINCT experiment_id, variant, model_version, data_id, code_version FROM served_replay) p
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO served_lines (request_id, user_id, at, provenance_id, line, latency_us, basis, fallback)
                SELECT r.request_id, r.user_id, r.at, p.id, r.line, r.latency_us, r.basis, r.fallback
                FROM served_replay r
                JOIN served_provenance p USING (experiment_id, variant, model_version, data_id, code_version)
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
