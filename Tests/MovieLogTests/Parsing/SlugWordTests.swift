import Testing

@testable import MovieLog

/// The eight-bytes-at-a-time slug test must agree with the byte-at-a-time one on every byte
/// value in every position, and on random words.
@Suite struct SlugWordTests {
    static func bytewise(_ word: UInt64) -> Bool {
        (0..<8).allSatisfy { MovieID.isSlugByte(UInt8(truncatingIfNeeded: word >> (8 * $0))) }
    }

    @Test func agreesWithTheByteTestForEveryByteInEveryPosition() {
        let filler = UInt64(0x61_6D_2B_39_5F_21_3A_27)  // "'!:_9+ma" read little-endian: all slug bytes
        #expect(MovieID.allSlugBytes(filler))
        for position in 0..<8 {
            for value in 0...255 {
                let shift = UInt64(8 * position)
                let word = (filler & ~(0xFF << shift)) | (UInt64(value) << shift)
                #expect(MovieID.allSlugBytes(word) == Self.bytewise(word), "byte \(value) at \(position)")
            }
        }
    }

    @Test func agreesWithTheByteTestOnRandomWords() {
        var random = SplitMix64(seed: 99)
        let slugBytes = Array("abcdefghijklmnopqrstuvwxyz0123456789+-._':&!".utf8)
        for round in 0..<200_000 {
            var word: UInt64 = 0
            for position in 0..<8 {
                // Mostly slug bytes, so both answers occur often.
                let byte =
                    random.next() % 10 == 0
                    ? UInt8(truncatingIfNeeded: random.next()) : slugBytes[Int(random.next() % UInt64(slugBytes.count))]
                word |= UInt64(byte) << UInt64(8 * position)
            }
            #expect(MovieID.allSlugBytes(word) == Self.bytewise(word), "round \(round): \(String(word, radix: 16))")
        }
    }
}

/// Encoding is judged for the whole line only when it is rejected, and before anything else.
@Suite struct EncodingOrderTests {
    static let parser = MovieLogParser(now: Timestamp(year: 2026, month: 1, day: 1, hour: 0, minute: 0)!)

    @Test(arguments: [
        // Invalid UTF-8 in the error text of an otherwise good line.
        Array("2025-10-01T10:00,7,recommendation request h:8082, status 500, result: bo".utf8) + [0xC3]
            + Array("om, 9 ms".utf8),
        // Invalid UTF-8 where a field error would also be found.
        Array("2025-10-01T10:00,-7,GET /rate/a".utf8) + [0xFF] + Array("=4".utf8),
        [0xC0, 0xAF],
    ])
    func invalidUTF8IsAnEncodingRejection(line: [UInt8]) {
        guard case .failure(let error) = Self.parser.parse(line) else {
            Issue.record("accepted a line that is not UTF-8")
            return
        }
        #expect(error.code == .encoding)
        #expect(error.message.contains("not valid UTF-8"))
    }

    @Test func validUTF8InTheErrorTextIsAccepted() {
        let line = "2025-10-01T10:00,7,recommendation request h:8082, status 500, result: délai dépassé, 9 ms"
        guard case .success(.recommendation(let event)) = Self.parser.parse(line) else {
            Issue.record("rejected a valid line")
            return
        }
        #expect(event.result == .error("délai dépassé"))
    }
}
