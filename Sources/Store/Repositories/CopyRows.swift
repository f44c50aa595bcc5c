import MovieLog
import NIOCore

/// Rows of PostgreSQL's COPY text format: fields separated by tabs, rows ended by newlines,
/// backslash, tab, newline and carriage return escaped, `\N` for NULL. Written field by field
/// into one byte array, with no intermediate strings.
public struct CopyRows {
    private var bytes: [UInt8] = []
    private var rowStarted = false

    public init(reservingCapacity bytes: Int = 0) {
        self.bytes.reserveCapacity(bytes)
    }

    /// The rows written so far.
    public var byteBuffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    /// A text field; nil is NULL.
    public mutating func append(text: String?) {
        separate()
        guard let text else { return bytes.append(contentsOf: "\\N".utf8) }
        appendEscaped(text)
    }

    /// An integer field.
    public mutating func append(decimal value: Int64) {
        separate()
        appendDecimal(value)
    }

    /// A `timestamptz` field, for microseconds since 1970 (UTC).
    public mutating func append(timestamp microseconds: Int64) {
        separate()
        appendTimestamp(microseconds)
    }

    /// Starts a text field whose bytes follow in ``appendEscaped(_:)`` calls (a field made of parts).
    public mutating func startField() {
        separate()
    }

    /// Appends `utf8` to the field being written, escaped where it needs to be.
    public mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        if utf8.contains(where: Self.needsEscape) {
            for byte in utf8 { appendEscaped(byte: byte) }
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Ends the row being written.
    public mutating func endRow() {
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
        text.withUTF8 { appendEscaped($0) }
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
    private mutating func appendTimestamp(_ microseconds: Int64) {
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
