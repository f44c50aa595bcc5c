import MovieLog

/// The bytes of one line under construction, reused from line to line.
///
/// Valid lines are written field by field from numbers and slugs, never through `String`
/// formatting, so the bytes depend on nothing but the values.
struct LineBuilder {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1024) }

    /// Empties the line, keeping its storage.
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Appends the decimal digits of `value` (with a `-` when negative).
    mutating func append(decimal value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var width = 1
        var power: UInt64 = 10
        while width < 19, magnitude >= power {
            width += 1
            power *= 10
        }
        append(padded: magnitude, width: width)
    }

    /// Appends `value` with exactly `width` digits, zero-padded on the left (1...19 digits).
    mutating func append(padded value: UInt64, width: Int) {
        var divisor: UInt64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends `nanoseconds` since the epoch as `YYYY-MM-DDTHH:MM[:SS[.fraction]]` in `format`
    /// (the value is expected to be truncated to the format already; extra digits are dropped).
    /// - Parameter year: prints this year instead of the real one (the day is kept below 29 so
    ///   the date stays a real one), for far-future dirty lines.
    mutating func append(time nanoseconds: Int64, _ format: TimeFormat, year: Int? = nil) {
        let seconds = nanoseconds / 1_000_000_000
        let fraction = nanoseconds % 1_000_000_000
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        var (civilYear, month, day) = Timestamp.civilFromDays(days)
        if let year {
            civilYear = year
            day = min(day, 28)
        }
        append(padded: UInt64(civilYear), width: 4)
        append(byte: UInt8(ascii: "-"))
        append(padded: UInt64(month), width: 2)
        append(byte: UInt8(ascii: "-"))
        append(padded: UInt64(day), width: 2)
        append(byte: UInt8(ascii: "T"))
        append(padded: UInt64(secondOfDay / 3600), width: 2)
        append(byte: UInt8(ascii: ":"))
        append(padded: UInt64(secondOfDay / 60 % 60), width: 2)
        guard let digits = format.fractionDigits else { return }
        append(byte: UInt8(ascii: ":"))
        append(padded: UInt64(secondOfDay % 60), width: 2)
        guard digits > 0 else { return }
        var scale: Int64 = 1
        for _ in digits..<9 { scale *= 10 }
        append(byte: UInt8(ascii: "."))
        append(padded: UInt64(fraction / scale), width: digits)
    }
}
