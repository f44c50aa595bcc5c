/// A read position in one line's bytes; the parser's only way to move through a line.
struct ByteCursor {
    private let bytes: UnsafeRawBufferPointer
    private(set) var index: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    /// The bytes not yet consumed.
    var remaining: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[index...]) }

    /// The next byte, if any.
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Consumes `prefix` if the remaining bytes start with it (compared eight bytes at a time).
    mutating func skip(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let literal = UnsafeRawPointer(prefix.utf8Start)
        var offset = 0
        while offset + 8 <= count {
            if bytes.loadUnaligned(fromByteOffset: index + offset, as: UInt64.self)
                != literal.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if bytes[index + offset] != literal.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        index += count
        return true
    }

    /// Whether `bytes` is exactly `literal`.
    static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        for offset in 0..<bytes.count where bytes[offset] != literal.utf8Start[offset] { return false }
        return true
    }

    /// Whether `bytes` is shorter than `literal` and starts it (a line cut inside it).
    static func isProperPrefix(_ bytes: UnsafeRawBufferPointer, of literal: StaticString) -> Bool {
        guard bytes.count < literal.utf8CodeUnitCount else { return false }
        for offset in 0..<bytes.count where bytes[offset] != literal.utf8Start[offset] { return false }
        return true
    }

    /// Consumes `count` bytes (the caller has checked they are there).
    mutating func advance(by count: Int) { index += count }

    /// Consumes one byte if it is `byte`.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The bytes up to (not including) the next `delimiter`, consuming the delimiter too;
    /// `nil` (nothing consumed) when the line has no further `delimiter`.
    mutating func take(until delimiter: UInt8) -> UnsafeRawBufferPointer? {
        var position = index
        while position < bytes.count {
            if bytes[position] == delimiter {
                let field = UnsafeRawBufferPointer(rebasing: bytes[index..<position])
                index = position + 1
                return field
            }
            position += 1
        }
        return nil
    }

    /// Like ``take(until:)`` for a movie id: also says whether every byte before the
    /// delimiter is a slug byte and the length is within the slug rule, in the same pass.
    mutating func takeSlug(until delimiter: UInt8) -> (field: UnsafeRawBufferPointer, isSlug: Bool)? {
        var position = index
        var isSlug = true
        while position + 8 <= bytes.count,
            MovieID.allSlugBytes(bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        {
            position += 8
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == delimiter {
                let field = UnsafeRawBufferPointer(rebasing: bytes[index..<position])
                index = position + 1
                return (field, isSlug && !field.isEmpty && field.count <= MovieID.maximumLength)
            }
            isSlug = isSlug && MovieID.isSlugByte(byte)
            position += 1
        }
        return nil
    }

    /// Consumes up to `limit` decimal digits and returns how many and their value.
    mutating func digits(limit: Int) -> (count: Int, value: Int64) {
        var count = 0
        var value: Int64 = 0
        while count < limit, index < bytes.count, Self.isDigit(bytes[index]) {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
            count += 1
        }
        return (count, value)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    static func allDigits(_ field: Slice<UnsafeRawBufferPointer>) -> Bool {
        for byte in field where !isDigit(byte) { return false }
        return true
    }

    /// The value of a run of digits (the caller has checked them and their count).
    static func decimal(_ field: Slice<UnsafeRawBufferPointer>) -> Int64 {
        var value: Int64 = 0
        for byte in field { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
        return value
    }
}

extension MovieLogParser {
    /// Whether every byte is below 0x80, eight bytes at a time.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Whether the bytes are well-formed UTF-8 (the slow path, for lines with non-ASCII bytes).
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
