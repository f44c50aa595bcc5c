import Foundation
import MovieLog
import PostgresNIO

extension Store {
    /// The served log's columns, in the order ``servedCopyRows(_:)`` writes them.
    static let servedColumns = [
        "request_id", "user_id", "at", "experiment_id", "variant", "model_version", "data_id", "code_version",
        "items", "latency_us", "basis", "fallback",
    ]

    /// `records` as rows of PostgreSQL's COPY text format, for ``copyServed(rows:)``. CPU work
    /// a caller may want to do away from threads that answer requests.
    public static func servedCopyRows(_ records: [ServedRecord]) -> ByteBuffer {
        var text = ""
        text.reserveCapacity(records.count * 320)
        for record in records {
            let items = "{" + record.items.map { "\"" + arrayEscaped($0) + "\"" }.joined(separator: ",") + "}"
            let fields = [
                copyEscaped(record.requestID), String(record.userID), timestampText(microseconds: record.at),
                copyEscaped(record.experimentID), copyEscaped(record.variant), copyEscaped(record.modelVersion),
                copyEscaped(record.dataID), copyEscaped(record.codeVersion), copyEscaped(items),
                String(record.latencyMicroseconds), copyEscaped(record.basis),
                record.fallback.map(copyEscaped) ?? "\\N",
            ]
            text += fields.joined(separator: "\t")
            text += "\n"
        }
        return ByteBuffer(string: text)
    }

    /// Appends rows made by ``servedCopyRows(_:)`` with one `COPY served FROM STDIN`: far less
    /// work for PostgreSQL than an `INSERT` over unnested arrays. All or nothing: a request id
    /// already stored fails the whole copy, so it is for records never written before; spool
    /// replays use ``insertServed(query:)``, which skips what is stored.
    public func copyServed(rows: ByteBuffer) async throws {
        try await client.withConnection { connection in
            try await connection.copyFrom(table: "served", columns: Self.servedColumns, logger: logger) { writer in
                try await writer.write(rows)
            }
        }
    }

    /// COPY text format: backslash, tab, newline and carriage return escaped.
    private static func copyEscaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// An element of a quoted array literal: backslash and double quote escaped.
    private static func arrayEscaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 }) else { return value }
        return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// `2026-11-24 19:05:00.123456+00` for microseconds since 1970 (UTC).
    static func timestampText(microseconds: Int64) -> String {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds + 1) / 1_000_000 - 1
        let fraction = microseconds - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (year, month, day) = Timestamp.civilFromDays(days)
        func pad(_ value: some BinaryInteger, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(second / 3600, 2)):"
            + "\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2)).\(pad(fraction, 6))+00"
    }
}
