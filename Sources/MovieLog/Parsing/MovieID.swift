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

    /// Whether all eight bytes of `word` are slug bytes, tested together (SWAR): for an ASCII
    /// byte x and a bound c, the high bit of x + (0x80 − c) says x ≥ c, and no sum carries into
    /// the next byte. Delimiters (`/ = , space`) are not slug bytes, so a word holding one fails.
    @inline(__always)
    static func allSlugBytes(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        guard word & high == 0 else { return false }
        @inline(__always) func atLeast(_ bound: UInt64) -> UInt64 {
            (word &+ 0x0101_0101_0101_0101 &* (0x80 - bound)) & high
        }
        @inline(__always) func within(_ low: UInt64, _ high: UInt64) -> UInt64 { atLeast(low) & ~atLeast(high + 1) }
        let letters = within(0x61, 0x7A)  // a-z
        let digitsAndColon = within(0x30, 0x3A)  // 0-9 :
        let dashDot = within(0x2D, 0x2E)  // - .
        let ampersandQuote = within(0x26, 0x27)  // & '
        let bang = within(0x21, 0x21)  // !
        let plus = within(0x2B, 0x2B)  // +
        let underscore = within(0x5F, 0x5F)  // _
        return letters | digitsAndColon | dashDot | ampersandQuote | bang | plus | underscore == high
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
