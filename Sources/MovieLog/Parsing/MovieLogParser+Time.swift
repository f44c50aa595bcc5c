extension MovieLogParser {
    /// Parses `YYYY-MM-DDTHH:MM[:SS[.f{1,9}]]` and the comma after it.
    func parseTime(_ cursor: inout ByteCursor) throws -> Timestamp {
        if let (fields, length) = Self.wellFormedTime(cursor.remaining) {
            let field = UnsafeRawBufferPointer(rebasing: cursor.remaining[..<length])
            cursor.advance(by: length + 1)
            return try instant(fields, field)
        }
        return try parseTimeReportingErrors(&cursor)
    }

    /// The fields of a time in the expected shape, read at fixed positions, and its length
    /// (up to the comma); `nil` for anything else, which the slow path then explains.
    @inline(__always)
    static func wellFormedTime(_ bytes: UnsafeRawBufferPointer) -> (TimeFields, Int)? {
        guard bytes.count >= 17 else { return nil }
        @inline(__always) func digit(_ index: Int) -> Int? {
            let value = bytes[index] &- UInt8(ascii: "0")
            return value < 10 ? Int(value) : nil
        }
        @inline(__always) func two(_ index: Int) -> Int? {
            guard let high = digit(index), let low = digit(index + 1) else { return nil }
            return high * 10 + low
        }
        guard let century = two(0), let yearOfCentury = two(2), bytes[4] == UInt8(ascii: "-"),
            let month = two(5), bytes[7] == UInt8(ascii: "-"), let day = two(8), bytes[10] == UInt8(ascii: "T"),
            let hour = two(11), bytes[13] == UInt8(ascii: ":"), let minute = two(14)
        else { return nil }
        var fields = TimeFields(
            year: century * 100 + yearOfCentury, month: month, day: day, hour: hour, minute: minute, second: 0,
            nanosecond: 0)
        if bytes[16] == UInt8(ascii: ",") { return (fields, 16) }
        guard bytes.count >= 20, bytes[16] == UInt8(ascii: ":"), let second = two(17) else { return nil }
        fields.second = second
        if bytes[19] == UInt8(ascii: ",") { return (fields, 19) }
        guard bytes[19] == UInt8(ascii: ".") else { return nil }
        var index = 20
        var nanosecond = 0
        while index < bytes.count, index < 29, let value = digit(index) {
            nanosecond = nanosecond * 10 + value
            index += 1
        }
        guard index > 20, index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
        for _ in index..<29 { nanosecond *= 10 }
        fields.nanosecond = nanosecond
        return (fields, index)
    }

    /// Calendar, epoch and ingest-clock checks shared by both paths.
    private func instant(_ fields: TimeFields, _ field: UnsafeRawBufferPointer) throws -> Timestamp {
        guard
            let time = Timestamp(
                year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute,
                second: fields.second, nanosecond: fields.nanosecond)
        else {
            throw MovieLogError(
                .timestamp, "time '\(LineText.excerpt(field, limit: 40))' is not a real calendar date and time")
        }
        guard fields.year >= 1970 else {
            throw MovieLogError(
                .timestamp, "time '\(LineText.excerpt(field, limit: 40))' is before 1970, not a plausible log time")
        }
        if time.seconds > now.seconds + configuration.futureSkew
            || (time.seconds == now.seconds + configuration.futureSkew && time.nanoseconds > now.nanoseconds)
        {
            throw MovieLogError(
                .futureTimestamp,
                "time '\(LineText.excerpt(field, limit: 40))' is more than \(configuration.futureSkew) s ahead of the ingest clock"
            )
        }
        return time
    }

    /// The field-by-field parse, for times not in the common shape: says exactly what is wrong.
    private func parseTimeReportingErrors(_ cursor: inout ByteCursor) throws -> Timestamp {
        let start = cursor.remaining
        func excerpt() -> String {
            let field =
                start.firstIndex(of: UInt8(ascii: ",")).map { UnsafeRawBufferPointer(rebasing: start[..<$0]) } ?? start
            return LineText.excerpt(field, limit: 40)
        }
        func malformed(_ why: String) -> MovieLogError {
            if cursor.isAtEnd { return MovieLogError(.truncated, "the line ends inside the time") }
            return MovieLogError(.timestamp, "time '\(excerpt())' \(why)")
        }
        let shape = "is not YYYY-MM-DDTHH:MM[:SS[.fraction]]"
        func number(_ width: Int, then separator: UInt8?) throws -> Int {
            let (count, value) = cursor.digits(limit: width)
            guard count == width else { throw malformed(shape) }
            if let separator, !cursor.skip(separator) { throw malformed(shape) }
            return Int(value)
        }
        let year = try number(4, then: UInt8(ascii: "-"))
        let month = try number(2, then: UInt8(ascii: "-"))
        let day = try number(2, then: UInt8(ascii: "T"))
        let hour = try number(2, then: UInt8(ascii: ":"))
        let minute = try number(2, then: nil)
        var second = 0
        var nanosecond = 0
        if cursor.skip(UInt8(ascii: ":")) {
            second = try number(2, then: nil)
            if cursor.skip(UInt8(ascii: ".")) {
                let (count, value) = cursor.digits(limit: 9)
                guard count > 0 else { throw malformed("has an empty fraction of a second") }
                if let next = cursor.peek, ByteCursor.isDigit(next) {
                    throw MovieLogError(.timestamp, "time '\(excerpt())' has more than 9 fraction digits")
                }
                var scaled = value
                for _ in count..<9 { scaled *= 10 }
                nanosecond = Int(scaled)
            }
        }
        guard cursor.skip(UInt8(ascii: ",")) else {
            if cursor.isAtEnd { throw MovieLogError(.truncated, "the line ends after the time") }
            throw malformed(shape)
        }
        let field = UnsafeRawBufferPointer(rebasing: start[..<(start.count - cursor.remaining.count - 1)])
        return try instant(
            TimeFields(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanosecond),
            field)
    }
}

/// The parts of a printed time, not yet checked against the calendar.
struct TimeFields {
    var year, month, day, hour, minute, second, nanosecond: Int
}

extension Timestamp {
    /// An instant written as the log writes times (`YYYY-MM-DDTHH:MM`, `…:SS` or `…:SS.f` with 1
    /// to 9 fraction digits, optionally ending in `Z`), read as UTC; nil for anything else. For
    /// command-line ranges, so they read like the log they select from.
    public init?(logTime text: String) {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "Z") { bytes.removeLast() }
        bytes.append(UInt8(ascii: ","))
        let parsed = bytes.withUnsafeBytes { MovieLogParser.wellFormedTime($0) }
        guard let (fields, length) = parsed, length == bytes.count - 1, fields.year >= 1970,
            let time = Timestamp(
                year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute,
                second: fields.second, nanosecond: fields.nanosecond)
        else { return nil }
        self = time
    }
}
