extension MovieLogParser {
    /// Parses `YYYY-MM-DDTHH:MM[:SS[.f{1,9}]]` and the comma after it.
    func parseTime(_ cursor: inout ByteCursor) throws -> Timestamp {
        let start = cursor.remaining
        func excerpt() -> String {
            let field = start.firstIndex(of: UInt8(ascii: ",")).map { UnsafeRawBufferPointer(rebasing: start[..<$0]) } ?? start
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
        guard let time = Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        else {
            throw MovieLogError(.timestamp, "time '\(excerpt())' is not a real calendar date and time")
        }
        guard year >= 1970 else {
            throw MovieLogError(.timestamp, "time '\(excerpt())' is before 1970, not a plausible log time")
        }
        if time > now.adding(seconds: configuration.futureSkew) {
            throw MovieLogError(
                .futureTimestamp,
                "time '\(excerpt())' is more than \(configuration.futureSkew) s ahead of the ingest clock")
        }
        return time
    }
}
