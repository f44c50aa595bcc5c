/// A movie id: a slug of lower-case letters, digits and `+ - . _ ' : & !`, 1 to 256 bytes
/// (words joined by `+`, usually ending in the year), e.g. `spider-man+3+2007`.
public struct MovieID: Hashable, Comparable, Sendable {
    /// The slug as it appears in the log.
    public let rawValue: String

    /// The longest slug accepted, in bytes.
    public static let maximumLength = 256

    /// Creates a movie id after checking the slug rule; `nil` when `rawValue` breaks it.
    public init?(_ rawValue: String) {
        var copy = rawValue
        let problem = copy.withUTF8 { Self.problem(in: UnsafeRawBufferPointer($0)) }
        guard problem == nil else { return nil }
        self.rawValue = rawValue
    }

    init(unchecked rawValue: String) { self.rawValue = rawValue }

    public static func < (lhs: MovieID, rhs: MovieID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether a byte may appear in a slug: `a-z 0-9 + - . _ ' : & !`, as two 64-bit masks
    /// (bytes 0x00–0x3F and 0x40–0x7F) so the check is a shift and a test.
    @inline(__always)
    static func isSlugByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x07FF_68C2_0000_0000 as UInt64) >> byte & 1 != 0 }
        if byte < 128 { return (0x07FF_FFFE_8000_0000 as UInt64) >> (byte - 64) & 1 != 0 }
        return false
    }

    /// Why `bytes` is not a slug, in words an operator understands; `nil` when it is one.
    static func problem(in bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.isEmpty { return "movie id is empty" }
        if bytes.count > maximumLength {
            return "movie id is \(bytes.count) bytes long; at most \(maximumLength) are allowed"
        }
        for index in 0..<bytes.count where !isSlugByte(bytes[index]) {
            let byte = bytes[index]
            let what: String
            switch byte {
            case UInt8(ascii: " "): what = "a space"
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): what = "upper-case letter '\(Character(Unicode.Scalar(byte)))'"
            case 0..<0x20, 0x7F: what = "control character 0x\(String(byte, radix: 16, uppercase: true))"
            case 0x80...: what = "non-ASCII byte 0x\(String(byte, radix: 16, uppercase: true))"
            default: what = "character '\(Character(Unicode.Scalar(byte)))'"
            }
            return "movie id '\(LineText.excerpt(bytes))' has \(what) at byte \(index + 1); "
                + "only a-z, 0-9 and + - . _ ' : & ! are allowed"
        }
        return nil
    }
}

extension MovieID: CustomStringConvertible {
    public var description: String { rawValue }
}
