import Foundation
import MovieLog
import PostgresNIO

extension Store {
    /// The served log's columns, in the order ``servedCopyRows(_:)`` writes them.
    static let servedColumns = [
        "request_id", "user_id", "at", "experiment_id", "variant", "model_version", "data_id", "code_version",
        "line", "latency_us", "basis", "fallback",
    ]

    /// `records` as rows of PostgreSQL's COPY text format, for ``copyServed(rows:)``. CPU work
    /// a caller may want to do away from threads that answer requests; written straight into
    /// one byte array, with no intermediate strings.
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

    /// Appends rows made by ``servedCopyRows(_:)`` with one `COPY served_lines FROM STDIN`: far less
    /// work for PostgreSQL than an `INSERT` over unnested arrays. All or nothing: a request id
    /// already stored fails the whole copy, so it is for records never written before; spool
    /// replays use ``replayServed(rows:)``, which skips what is stored.
    public func copyServed(rows: ByteBuffer) async throws {
        try await client.withConnection { connection in
            try await connection.copyFrom(table: "served_lines", columns: Self.servedColumns, logger: logger) { writer in
                try await writer.write(rows)
            }
        }
    }

    /// Appends rows made by ``servedCopyRows(_:)`` that may already be stored in part (a spool
    /// segment whose first write timed out but committed, or that a crash left after its replay):
    /// they are copied into a temporary table and inserted from there, skipping known request
    /// ids, in one transaction. Throws ``StoreError`` `rejected` when PostgreSQL refuses the
    /// rows themselves.
    public func replayServed(rows: ByteBuffer) async throws {
        let columns = Self.servedColumns.joined(separator: ", ")
        do {
            try await replay(rows: rows, columns: columns)
        } catch let error as PostgresTransactionError {
            // The rows are refused inside the transaction; anything else (no connection) is not theirs.
            guard let refusal = error.closureError as? PSQLError, refusal.code == .server else { throw error }
            throw StoreError(
                .rejected, "PostgreSQL refused served-log rows: \(refusal.serverInfo?[.message] ?? "\(refusal)")",
                underlying: error)
        }
    }

    private func replay(rows: ByteBuffer, columns: String) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query(
                "CREATE TEMPORARY TABLE served_replay (LIKE served_lines) ON COMMIT DROP", logger: logger)
            try await connection.copyFrom(table: "served_replay", columns: Self.servedColumns, logger: logger) { writer in
                try await writer.write(rows)
            }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO served_lines (\(columns)) SELECT \(columns) FROM served_replay "
                        + "ON CONFLICT (request_id) DO NOTHING"),
                logger: logger)
        }
    }

    /// `2026-11-24 19:05:00.123456+00` for microseconds since 1970 (UTC).
    static func timestampText(microseconds: Int64) -> String {
        var rows = CopyRows()
        rows.append(timestamp: microseconds)
        return String(decoding: rows.byteBuffer.readableBytesView, as: UTF8.self)
    }
}
