import MovieLog
import Testing

/// Every proper prefix of a real line is a truncated line: it must be rejected, never crash,
/// and (where the cut is unambiguous) be reported as `.truncated`.
@Suite struct MovieLogParserTruncationTests {
    /// The non-empty proper prefixes of `line`.
    private static func prefixes(of line: String) -> [String] {
        let bytes = Array(line.utf8)
        return (1..<bytes.count).map { String(decoding: bytes[..<$0], as: UTF8.self) }
    }

    @Test(arguments: [Fixture.watchLine, Fixture.rateLine])
    func everyPrefixOfAWatchOrRateLineIsTruncated(line: String) throws {
        for prefix in Self.prefixes(of: line) {
            let error = try #require(parse(prefix).rejection, "prefix '\(prefix)' was accepted")
            #expect(error.code == .truncated, "'\(prefix)': \(error)")
            #expect(error.message.contains("ends"), "'\(prefix)': \(error)")
            #expect(parse(prefix + "\n") == parse(prefix))
        }
    }

    @Test func everyPrefixOfARecommendationLineIsRejected() throws {
        let line = Fixture.recommendationLine
        let resultStart =
            Array(line.utf8).count - Array("boxing+helena+1993, aliens+1986, airplane+1980, 133 ms".utf8).count
        for prefix in Self.prefixes(of: line) {
            let error = try #require(parse(prefix).rejection, "prefix '\(prefix)' was accepted")
            if prefix.utf8.count <= resultStart {
                #expect(error.code == .truncated, "'\(prefix)': \(error)")
            } else {
                // Past "result: " a cut can also leave a malformed last field ("133 m", "airplane+1980, ").
                #expect([.truncated, .latency].contains(error.code), "'\(prefix)': \(error)")
            }
        }
    }

    /// The recommendation line cut right after the first occurrence of each of these.
    @Test(arguments: [
        "result: boxing+hel", "boxing+helena+1993", ", aliens", "airplane+1980, 13", "result: ", "status 20", ", stat",
        "8082,", "isri.cmu", "recommendation req", "284507,", ",2845", ".145104", "56.", ":5", "18:06", "T1", "2022-02",
        "2",
    ])
    func obviousCutsAreTruncated(cutAfter marker: String) throws {
        let line = Array(Fixture.recommendationLine.utf8)
        let marker = Array(marker.utf8)
        let start = try #require((0...(line.count - marker.count)).first { line[$0...].starts(with: marker) })
        let prefix = String(decoding: line[..<(start + marker.count)], as: UTF8.self)
        #expect(prefix.utf8.count < line.count)
        #expect(try #require(parse(prefix).rejection).code == .truncated, "\(prefix)")
    }

    @Test(arguments: [
        Fixture.watch(user: "-3"), Fixture.rate(rating: "seven"), Fixture.rate(movie: "The Matrix"),
        Fixture.recommendation(status: "abc"), Fixture.recommendation(status: "500", result: "$(rm -rf /)"),
    ])
    func prefixesOfDirtyLinesAreRejected(line: String) {
        for prefix in Self.prefixes(of: line) {
            #expect(parse(prefix).rejection != nil, "prefix '\(prefix)' was accepted")
        }
    }
}
