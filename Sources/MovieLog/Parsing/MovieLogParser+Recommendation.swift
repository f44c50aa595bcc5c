extension MovieLogParser {
    private static var statusSeparator: StaticString { " status " }
    private static var resultSeparator: StaticString { " result: " }

    /// Parses `<server>, status <code>, result: <result>, <latency>` (after "recommendation request ").
    func parseRecommendation(
        _ cursor: inout ByteCursor, _ time: Timestamp, _ userID: Int64
    ) throws -> RecommendationEvent {
        guard let serverField = cursor.take(until: UInt8(ascii: ",")) else {
            throw MovieLogError(.truncated, "the line ends inside the server of a recommendation line")
        }
        let server = try parseServer(serverField)
        guard cursor.skip(Self.statusSeparator) else {
            throw structure(cursor, expected: Self.statusSeparator, code: .status, display: "', status <code>'")
        }
        guard let statusField = cursor.take(until: UInt8(ascii: ",")) else {
            throw MovieLogError(.truncated, "the line ends inside the status of a recommendation line")
        }
        let status = try parseStatus(statusField)
        guard cursor.skip(Self.resultSeparator) else {
            throw structure(cursor, expected: Self.resultSeparator, code: .result, display: "', result: '")
        }
        let rest = cursor.remaining
        guard let split = Self.lastCommaSpace(in: rest) else {
            throw MovieLogError(.truncated, "the line ends before the latency of a recommendation line")
        }
        let resultField = UnsafeRawBufferPointer(rebasing: rest[..<split])
        let latencyField = UnsafeRawBufferPointer(rebasing: rest[(split + 2)...])
        let latency = try parseLatency(latencyField)
        let result: RecommendationEvent.Result =
            status == 200 ? .items(try parseItems(resultField)) : .error(try parseErrorText(resultField))
        return RecommendationEvent(
            time: time, userID: userID, server: server, status: status, result: result, latencyMilliseconds: latency)
    }

    /// Truncated when the line stops inside the expected text, otherwise a malformed status/result.
    private func structure(
        _ cursor: ByteCursor, expected: StaticString, code: MovieLogError.Code, display: String
    ) -> MovieLogError {
        let rest = cursor.remaining
        if ByteCursor.isProperPrefix(rest, of: expected) {
            return MovieLogError(.truncated, "the line ends before \(display)")
        }
        return MovieLogError(code, "expected \(display) but found '\(LineText.excerpt(rest, limit: 30))'")
    }

    private func parseServer(_ field: UnsafeRawBufferPointer) throws -> String {
        func text() -> String { LineText.excerpt(field, limit: 80) }
        guard let colon = field.lastIndex(of: UInt8(ascii: ":")), colon > 0 else {
            throw MovieLogError(.server, "server '\(text())' is not host:port")
        }
        let port = field[(colon + 1)...]
        guard (1...5).contains(port.count), ByteCursor.allDigits(port) else {
            throw MovieLogError(.server, "server '\(text())' has no numeric port")
        }
        for byte in field[..<colon] where !Self.isHostByte(byte) {
            throw MovieLogError(.server, "server '\(text())' has a character other than A-Z a-z 0-9 . - _ in its host")
        }
        return String(decoding: field, as: UTF8.self)
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default: return false
        }
    }

    private func parseStatus(_ field: UnsafeRawBufferPointer) throws -> Int16 {
        func text() -> String { LineText.excerpt(field, limit: 20) }
        guard (1...3).contains(field.count), ByteCursor.allDigits(field[...]) else {
            throw MovieLogError(.status, "status '\(text())' is not an HTTP status number")
        }
        let value = ByteCursor.decimal(field[...])
        guard value == 0 || (100...599).contains(value) else {
            throw MovieLogError(.status, "status \(value) is neither 0 (timeout) nor 100 to 599")
        }
        return Int16(value)
    }

    private func parseLatency(_ field: UnsafeRawBufferPointer) throws -> Int32 {
        func text() -> String { LineText.excerpt(field, limit: 30) }
        var cursor = ByteCursor(field)
        let (count, value) = cursor.digits(limit: 10)
        guard count > 0, cursor.skip(UInt8(ascii: " ")) else {
            if MovieID.problem(in: field) == nil {
                throw MovieLogError(.truncated, "the line ends before the latency (its last field is '\(text())')")
            }
            throw MovieLogError(.latency, "latency '\(text())' is not an integer and a unit (e.g. '133 ms')")
        }
        let unit = cursor.remaining
        let milliseconds: Int64
        if ByteCursor.equals(unit, "ms") {
            milliseconds = value
        } else if ByteCursor.equals(unit, "s") {
            milliseconds = value * 1000
        } else {
            throw MovieLogError(
                .latency, "latency '\(text())' has unit '\(LineText.excerpt(unit, limit: 10))'; use ms or s")
        }
        guard milliseconds <= Int64(Int32.max) else {
            throw MovieLogError(.latency, "latency '\(text())' is too large")
        }
        return Int32(milliseconds)
    }

    /// Checks `id, id, …` in one pass, copying the ids joined by `,` into one string.
    private func parseItems(_ field: UnsafeRawBufferPointer) throws -> MovieIDList {
        guard !field.isEmpty else {
            throw MovieLogError(.result, "status is 200 but the result lists no movie ids")
        }
        var count = 0
        let joined = try String(unsafeUninitializedCapacity: field.count) { output in
            var written = 0
            var start = 0
            var position = 0
            var isSlug = true
            let end = field.count
            while true {
                while position + 8 <= end,
                    MovieID.allSlugBytes(field.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                {
                    position += 8
                }
                let atEnd = position == end
                if atEnd
                    || (field[position] == UInt8(ascii: ",") && position + 1 < end
                        && field[position + 1] == UInt8(ascii: " "))
                {
                    let item = UnsafeRawBufferPointer(rebasing: field[start..<position])
                    if !isSlug || item.isEmpty || item.count > MovieID.maximumLength,
                        let problem = MovieID.problem(in: item)
                    {
                        throw MovieLogError(.result, "result is not a list of movie ids: item \(count + 1): \(problem)")
                    }
                    guard count < configuration.maximumItems else {
                        throw MovieLogError(.result, "result lists more than \(configuration.maximumItems) movie ids")
                    }
                    if count > 0 {
                        output[written] = UInt8(ascii: ",")
                        written += 1
                    }
                    (UnsafeMutableRawPointer(output.baseAddress!) + written)
                        .copyMemory(from: item.baseAddress!, byteCount: item.count)
                    written += item.count
                    count += 1
                    if atEnd { return written }
                    position += 2
                    start = position
                    isSlug = true
                    continue
                }
                isSlug = isSlug && MovieID.isSlugByte(field[position])
                position += 1
            }
        }
        return MovieIDList(unchecked: joined, count: count)
    }

    private func parseErrorText(_ field: UnsafeRawBufferPointer) throws -> String {
        if !Self.isASCII(field) && !Self.isUTF8(field) {
            throw MovieLogError(.encoding, "the error text is not valid UTF-8")  // reworded for the whole line by parse
        }
        for byte in field {
            switch byte {
            case 0..<0x20, 0x7F,
                UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "$"), UInt8(ascii: "`"),
                UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "\""):
                throw MovieLogError(
                    .result,
                    "error text '\(LineText.excerpt(field, limit: 40))' holds a control character or one of ; & | $ ` < > \\ \""
                )
            default: continue
            }
        }
        return String(decoding: field, as: UTF8.self)
    }

    /// The index of the last `", "` in `bytes`.
    static func lastCommaSpace(in bytes: UnsafeRawBufferPointer) -> Int? {
        var position = bytes.count - 2
        while position >= 0 {
            if bytes[position] == UInt8(ascii: ","), bytes[position + 1] == UInt8(ascii: " ") { return position }
            position -= 1
        }
        return nil
    }
}
