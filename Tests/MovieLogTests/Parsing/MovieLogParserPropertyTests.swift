import MovieLog
import Testing

/// Random bytes and random mutations of the real lines: the parser never crashes, every
/// rejection carries a code and a message, every accepted line round-trips, and parsing
/// through a ``MovieIDTable`` gives the same result as without one.
@Suite struct MovieLogParserPropertyTests {
    /// Bytes that steer mutations towards the grammar's edges.
    private static let interesting: [[UInt8]] =
        [
            ",", ", ", "/", ".", ":", "-", "=", " ", "0", "9", "200", "500", "9999999999", "12345678901", "ms", "s",
            "T",
            "\n", "\r", "\u{0}", "A", "$(rm -rf /)", "');--", ".123456789", ".1234567890", "recommendation request ",
            "GET /rate/", "GET /data/m/",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x8E, 0xAC]]

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix64(seed: 1)
        var table = MovieIDTable()
        let alphabet = Array("0123456789-:T,./= abcmsGET\n".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xFF]
        for round in 0..<4000 {
            let count = Int.random(in: 0...120, using: &generator)
            let bytes = (0..<count).map { _ in
                round.isMultiple(of: 2)
                    ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!
            }
            check(bytes, &table)
        }
    }

    @Test func mutatedRealLinesNeverCrashAndRoundTrip() {
        var generator = SplitMix64(seed: 0x5EED)
        var table = MovieIDTable(capacity: 64)
        var accepted = 0
        let rounds = 6000
        for round in 0..<rounds {
            var bytes = Array(Fixture.realLines[round % 3].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) { mutate(&bytes, using: &generator) }
            if check(bytes, &table) { accepted += 1 }
        }
        // Enough mutants stay valid for the round trip to mean something, and enough break.
        #expect(accepted > rounds / 20)
        #expect(accepted < rounds / 2)
    }

    /// Parses `bytes` and checks what must hold of any outcome; returns whether the line was accepted.
    @discardableResult
    private func check(_ bytes: [UInt8], _ table: inout MovieIDTable) -> Bool {
        let line = String(decoding: bytes, as: UTF8.self)
        let result = parse(bytes: bytes)
        #expect(bytes.withUnsafeBytes { Fixture.parser.parse($0, table: &table) } == result, "\(line)")
        switch result {
        case .failure(let error):
            #expect(MovieLogError.Code.all.contains(error.code) && error.code != .duplicate)
            #expect(!error.message.isEmpty)
            #expect(!error.message.contains("\n"), "\(error.message)")
            return false
        case .success(let event):
            #expect(String(validating: bytes, as: UTF8.self) != nil, "accepted invalid UTF-8: \(bytes)")
            #expect(event.userID > 0 && event.userID <= 9_999_999_999, "\(line)")
            #expect(event.time >= Timestamp(seconds: 0) && event.time <= Fixture.now.adding(seconds: 86_400), "\(line)")
            switch event {
            case .watch(let watch): #expect(watch.minute >= 0, "\(line)")
            case .rating(let rating): #expect((1...5).contains(rating.rating), "\(line)")
            case .recommendation(let recommendation):
                #expect(recommendation.status == 0 || (100...599).contains(recommendation.status), "\(line)")
                #expect(recommendation.latencyMilliseconds >= 0, "\(line)")
                if recommendation.status == 200 {
                    #expect((1...20).contains(recommendation.items.count), "\(line)")
                } else {
                    #expect(recommendation.items.isEmpty, "\(line)")
                }
            }
            #expect(parse(render(event)) == .success(event), "\(line) -> \(render(event))")
            return true
        }
    }

    /// The event written back as a log line.
    private func render(_ event: MovieLogEvent) -> String {
        let head = "\(event.time.description.dropLast()),\(event.userID),"
        switch event {
        case .watch(let watch): return head + "GET /data/m/\(watch.movieID)/\(watch.minute).mpg"
        case .rating(let rating): return head + "GET /rate/\(rating.movieID)=\(rating.rating)"
        case .recommendation(let event):
            let result: String
            switch event.result {
            case .items(let items): result = items.map(\.rawValue).joined(separator: ", ")
            case .error(let text): result = text
            }
            return head + "recommendation request \(event.server), status \(event.status), result: \(result), "
                + "\(event.latencyMilliseconds) ms"
        }
    }

    private func mutate(_ bytes: inout [UInt8], using generator: inout SplitMix64) {
        let position = Int.random(in: 0...bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0 where position < bytes.count: bytes.remove(at: position)
        case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
        case 2 where position < bytes.count: bytes[position] = Self.interesting.randomElement(using: &generator)![0]
        case 3: bytes.insert(contentsOf: Self.interesting.randomElement(using: &generator)!, at: position)
        case 4: bytes.removeSubrange(position...)
        default:
            let end = Int.random(in: position...bytes.count, using: &generator)
            bytes.insert(contentsOf: bytes[position..<end], at: end)
        }
    }
}
