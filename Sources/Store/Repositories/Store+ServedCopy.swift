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
        var rows = CopyRows()
        rows.bytes.reserveCapacity(records.count * 320)
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
        return ByteBuffer(bytes: rows.bytes)
    }

    /// Appends rows made by ``servedCopyRows(_:)`` with one `COPY served_lines FROM STDIN`: far less
    /// work for PostgreSQL than an `INSERT` over unnested arrays. All or nothing: a request id
    /// already stored fails the whole copy, so it is for records never written before; spool
    /// replays use ``replayServed(rows:)`` or ``insertServed(query:)``, which skip what is stored.
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
        rows.appendTimestamp(microseconds)
        return String(decoding: rows.bytes, as: UTF8.self)
    }
}

/// Rows of PostgreSQL's COPY text format: fields separated by tabs, rows ended by newlines,
/// backslash, tab, newline and carriage return escaped, `\N` for NULL.
struct CopyRows {
    var bytes: [UInt8] = []
    private var rowStarted = false

    mutating func append(text: String?) {
        separate()
        guard let text else { return bytes.append(contentsOf: "\\N".utf8) }
        appendEscaped(text)
    }

    mutating func append(decimal value: Int64) {
        separate()
        appendDecimal(value)
    }

    mutating func append(timestamp microseconds: Int64) {
        separate()
        appendTimestamp(microseconds)
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        rowStarted = false
    }

    private mutating func separate() {
        if rowStarted { bytes.append(UInt8(ascii: "\t")) }
        rowStarted = true
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// Copied whole when nothing in it needs escaping (the usual case).
    private mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            if utf8.contains(where: Self.needsEscape) {
                for byte in utf8 { appendEscaped(byte: byte) }
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    private mutating func appendEscaped(byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        default: bytes.append(byte)
        }
    }

    /// `value` in decimal, at least `width` digits (zero-padded).
    private mutating func appendDecimal(_ value: Int64, width: Int = 1) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var scale: UInt64 = 1
        var digits = 1
        while rest / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        while scale > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / scale))
            rest %= scale
            scale /= 10
        }
    }

    /// `2026-11-24 19:05:00.123456+00` for microseconds since 1970 (UTC).
    mutating func appendTimestamp(_ microseconds: Int64) {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds + 1) / 1_000_000 - 1
        let fraction = microseconds - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (year, month, day) = Timestamp.civilFromDays(days)
        appendDecimal(Int64(year), width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendDecimal(Int64(month), width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendDecimal(Int64(day), width: 2)
        bytes.append(UInt8(ascii: " "))
        appendDecimal(second / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(second / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(second % 60, width: 2)
        bytes.append(UInt8(ascii: "."))
        appendDecimal(fraction, width: 6)
        bytes.append(contentsOf: "+00".utf8)
    }
}
