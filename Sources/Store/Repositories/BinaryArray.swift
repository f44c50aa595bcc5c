import NIOCore
import PostgresNIO

/// A one-dimensional PostgreSQL array in the binary wire format, written element by element into
/// one buffer: a query parameter PostgreSQL reads without parsing text (`array_recv`).
public struct BinaryArray: PostgresDynamicTypeEncodable, Sendable {
    /// The element types the served log stores.
    public enum Element: Sendable {
        case text, int8, int4, timestamptz

        /// The element type's OID, which the array's header names.
        var oid: Int32 {
            switch self {
            case .text: 25
            case .int8: 20
            case .int4: 23
            case .timestamptz: 1184
            }
        }

        var arrayType: PostgresDataType {
            switch self {
            case .text: .textArray
            case .int8: .int8Array
            case .int4: .int4Array
            case .timestamptz: .timestamptzArray
            }
        }
    }

    /// Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for `timestamptz`.
    private static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000

    public let element: Element
    /// The elements the header declares; exactly that many are appended.
    public let count: Int
    private var bytes: ByteBuffer

    /// An array of `count` elements, to be appended; `bytesPerElement` sizes the buffer.
    public init(of element: Element, count: Int, bytesPerElement: Int) {
        self.element = element
        self.count = count
        bytes = ByteBuffer()
        bytes.reserveCapacity(20 + count * (4 + bytesPerElement))
        bytes.writeInteger(Int32(count > 0 ? 1 : 0))  // dimensions
        bytes.writeInteger(Int32(0))  // flags (whether it holds NULLs: PostgreSQL finds out)
        bytes.writeInteger(element.oid)
        if count > 0 {
            bytes.writeInteger(Int32(count))
            bytes.writeInteger(Int32(1))  // lower bound
        }
    }

    public var psqlType: PostgresDataType { element.arrayType }
    public var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeImmutableBuffer(bytes)
    }

    /// Appends a `bigint` (an ``Element/int8`` array).
    public mutating func append(int8 value: Int64) {
        bytes.writeInteger(Int32(8))
        bytes.writeInteger(value)
    }

    /// Appends an `integer` (an ``Element/int4`` array).
    public mutating func append(int4 value: Int32) {
        bytes.writeInteger(Int32(4))
        bytes.writeInteger(value)
    }

    /// Appends a `timestamptz` given in microseconds since 1970 (a ``Element/timestamptz`` array).
    public mutating func append(timestamp microseconds: Int64) {
        append(int8: microseconds - Self.postgresEpochMicroseconds)
    }

    /// Appends a text element, or NULL for nil (a ``Element/text`` array).
    public mutating func append(text: String?) {
        guard var text else {
            bytes.writeInteger(Int32(-1))
            return
        }
        text.withUTF8 { utf8 in append(writingText: { $0.writeBytes(utf8) }) }
    }

    /// Appends a text element whose bytes `write` writes (in UTF-8, no NUL byte).
    public mutating func append(writingText write: (inout ByteBuffer) -> Void) {
        let lengthAt = bytes.writerIndex
        bytes.writeInteger(Int32(0))
        write(&bytes)
        bytes.setInteger(Int32(bytes.writerIndex - lengthAt - 4), at: lengthAt)
    }
}
