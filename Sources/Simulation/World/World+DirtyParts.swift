extension World {
    /// The kinds of valid line a dirty line is derived from.
    enum BaseKind: CaseIterable {
        case watch, rate, recommendation
    }

    /// A valid line as fields and the literal text between them, so a dirty case can replace
    /// one field or cut the line inside one. Indices of the fields:
    /// - every kind: time 0, user 2, request prefix 4;
    /// - watch: movie 5, minute 7, `.mpg` 8;
    /// - rate: movie 5, rating 7;
    /// - recommendation: server 5, status 7, result 9, latency 11 (`133 ms`).
    enum Part {
        static let time = 0
        static let user = 2
        static let request = 4
        static let movie = 5
        static let server = 5
        static let minute = 7
        static let rating = 7
        static let status = 7
        static let suffix = 8
        static let result = 9
        static let latency = 11
    }

    /// A valid line of `kind` of a random user at the clock's time, as parts (see ``Part``).
    /// Nothing is recorded: the parts are meant to be spoiled.
    mutating func validParts(_ kind: BaseKind) -> [[UInt8]] {
        let user = users[random.below(users.count)].idBytes
        let movie = catalog.popular(random: &random)
        let time = dirtyTime()
        let comma = Self.text(",")
        switch kind {
        case .watch:
            return [
                time, comma, user, comma, Self.text("GET /data/m/"), catalog.slugs[movie], Self.text("/"),
                Self.decimal(random.below(catalog.runtimes[movie])), Self.text(".mpg"),
            ]
        case .rate:
            return [
                time, comma, user, comma, Self.text("GET /rate/"), catalog.slugs[movie], Self.text("="),
                Self.decimal(1 + random.below(5)),
            ]
        case .recommendation:
            return [
                time, comma, user, comma, Self.text("recommendation request "),
                Self.text(random.element(of: Self.servers)), Self.text(", status "), Self.text("200"),
                Self.text(", result: "), randomItems(), Self.text(", "),
                Self.decimal(random.number(in: 20...900)) + Self.text(" ms"),
            ]
        }
    }

    /// A valid line of a random kind, cut inside one field (time, user id, request, movie id,
    /// minute, `.mpg`, server, status, a result item or the latency digits) at a place where
    /// the parser can tell the line stops early.
    mutating func truncatedParts() -> [[UInt8]] {
        let kind = random.element(of: BaseKind.allCases)
        let parts = validParts(kind)
        var cuts: [(part: Int, keep: ClosedRange<Int>)] = [
            (Part.time, 1...parts[Part.time].count - 1), (Part.user, 0...parts[Part.user].count),
            (Part.request, 0...parts[Part.request].count - 1),
        ]
        switch kind {
        case .watch:
            cuts += [
                (Part.movie, 0...parts[Part.movie].count), (Part.minute, 0...parts[Part.minute].count),
                (Part.suffix, 0...3),
            ]
        case .rate:
            cuts += [(Part.movie, 0...parts[Part.movie].count), (Part.rating, 0...0)]
        case .recommendation:
            let digits = parts[Part.latency].firstIndex(of: UInt8(ascii: " "))!
            cuts += [
                (Part.server, 0...parts[Part.server].count), (Part.server + 1, 1...9), (Part.status, 0...3),
                (Part.status + 1, 1...10), (Part.result, 1...parts[Part.result].count), (Part.latency, 1...digits),
            ]
        }
        let cut = random.element(of: cuts)
        var keep = random.number(in: cut.keep)
        if cut.part == Part.result {
            // A cut right after ", " or "," would leave an empty or comma-ended last field,
            // which reads as a bad latency, not a truncated list: end on a slug byte instead.
            let result = parts[Part.result]
            while result[keep - 1] == UInt8(ascii: ",") || result[keep - 1] == UInt8(ascii: " ") { keep -= 1 }
        }
        return Array(parts[..<cut.part]) + [Array(parts[cut.part].prefix(keep))]
    }

    /// The clock's time in a random format, with `year` printed instead of the real one.
    mutating func dirtyTime(year: Int? = nil, format: TimeFormat? = nil) -> [UInt8] {
        let format = format ?? TimeFormat.random(using: &random)
        var line = LineBuilder()
        line.append(time: format.truncate(clock), format, year: year)
        return line.bytes
    }

    /// A random movie id of the catalog.
    mutating func randomSlug() -> [UInt8] {
        catalog.slugs[catalog.popular(random: &random)]
    }

    /// One to five movie ids joined by `", "`.
    mutating func randomItems() -> [UInt8] {
        var items = randomSlug()
        for _ in 0..<random.below(5) { items += Self.text(", ") + randomSlug() }
        return items
    }

    static func text(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func decimal(_ value: Int) -> [UInt8] {
        var line = LineBuilder()
        line.append(decimal: Int64(value))
        return line.bytes
    }
}
