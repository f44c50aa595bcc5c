import MovieLog
import Testing

@Suite struct MovieLogParserTests {
    // MARK: The real lines of MOVIELOG.md

    @Test func realWatchLine() throws {
        let event = try parse(Fixture.watchLine).get()
        let expected = Watch(
            time: Timestamp(seconds: 1_761_602_628, nanoseconds: 947_788_000), userID: 39157,
            movieID: try #require(MovieID("the+matrix+1999")), minute: 12)
        #expect(event == .watch(expected))
        #expect(event.time.description == "2025-10-27T22:03:48.947788Z")
        #expect(event.userID == 39157)
    }

    @Test func realRateLine() throws {
        let event = try parse(Fixture.rateLine).get()
        let expected = Rating(
            time: Timestamp(seconds: 1_664_493_895), userID: 3, movieID: try #require(MovieID("star+wars+1977")),
            rating: 3)
        #expect(event == .rating(expected))
        #expect(event.time.description == "2022-09-29T23:24:55Z")
    }

    @Test func realRecommendationLine() throws {
        let recommendation = try #require(try parse(Fixture.recommendationLine).get().recommendation)
        #expect(recommendation.time == Timestamp(seconds: 1_644_343_616, nanoseconds: 145_104_000))
        #expect(recommendation.userID == 284_507)
        #expect(recommendation.server == "17645-team17.isri.cmu.edu:8082")
        #expect(recommendation.status == 200)
        #expect(recommendation.items.map(\.rawValue) == ["boxing+helena+1993", "aliens+1986", "airplane+1980"])
        #expect(recommendation.latencyMilliseconds == 133)
    }

    @Test(arguments: Fixture.realLines)
    func trailingLineEndIsIgnored(line: String) throws {
        let plain = try parse(line).get()
        #expect(try parse(line + "\n").get() == plain)
        #expect(try parse(line + "\r\n").get() == plain)
        #expect(parse(line + "\n\n").rejection != nil)
    }

    @Test(arguments: Fixture.realLines)
    func bytesAndTextAgree(line: String) {
        #expect(parse(bytes: Array(line.utf8)) == parse(line))
    }

    // MARK: Empty, encoding, unknown kind

    @Test(arguments: ["", "\n", "\r\n"])
    func emptyMessage(line: String) throws {
        let error = try #require(parse(line).rejection)
        #expect(error.code == .empty)
        #expect(error.message.contains("empty"))
    }

    @Test(arguments: [
        [0xFF], [0xC3], Array("2025-10-27T22:03:48,1,GET /data/m/caf".utf8) + [0xC3] + Array("/1.mpg".utf8),
        Array(Fixture.rateLine.utf8) + [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ])
    func nonUTF8IsAnEncodingError(bytes: [UInt8]) throws {
        let error = try #require(parse(bytes: bytes).rejection)
        #expect(error.code == .encoding)
        #expect(error.message.contains("UTF-8"))
    }

    @Test func validUTF8OutsideASCIIIsJudgedByItsField() throws {
        let error = try #require(parse(Fixture.watch(movie: "amélie+2001")).rejection)
        #expect(error.code == .movieID)
        #expect(error.message.contains("non-ASCII byte 0xC3"))
    }

    @Test(arguments: [
        "2025-10-27T22:03:48,39157,POST /data/m/the+matrix+1999/12.mpg",
        "2025-10-27T22:03:48,39157,GET /data/x/the+matrix+1999/12.mpg",
        "2025-10-27T22:03:48,39157,recommendation response x:1, status 200, result: a, 1 ms",
        "2025-10-27T22:03:48,39157,hello",
    ])
    func unknownKind(line: String) throws {
        #expect(try #require(parse(line).rejection).code == .unknownKind)
    }

    // MARK: User id

    @Test(arguments: [
        ("-3", "negative"), ("-39157", "negative"), ("abc", "not a decimal integer"), ("", "not a decimal integer"),
        ("12a", "not a decimal integer"), (" 3", "not a decimal integer"), ("3.0", "not a decimal integer"),
        ("-", "not a decimal integer"), ("12345678901", "11 digits"), ("0", "is 0"), ("0000000000", "is 0"),
        ("$(rm -rf /)", "not a decimal integer"), ("1;DROP TABLE users", "not a decimal integer"),
    ])
    func badUserID(user: String, why: String) throws {
        for line in [Fixture.watch(user: user), Fixture.rate(user: user), Fixture.recommendation(user: user)] {
            let error = try #require(parse(line).rejection, "\(line)")
            #expect(error.code == .userID, "\(line)")
            #expect(error.message.contains("user id"))
            #expect(error.message.contains(why), "\(error.message)")
        }
    }

    @Test(arguments: [("1", 1), ("007", 7), ("9999999999", 9_999_999_999), ("0000000001", 1)] as [(String, Int64)])
    func goodUserID(user: String, value: Int64) throws {
        #expect(try parse(Fixture.watch(user: user)).get().userID == value)
    }

    // MARK: Watch

    @Test(arguments: [("0", 0), ("117", 117), ("000", 0), ("999999999", 999_999_999)] as [(String, Int32)])
    func goodMinute(minute: String, value: Int32) throws {
        let watch = try #require(try parse(Fixture.watch(minute: minute)).get().watch)
        #expect(watch.minute == value)
    }

    @Test(arguments: ["-1", "1x", "x", "", "1234567890", "+1", " 1"])
    func badMinute(minute: String) throws {
        let error = try #require(parse(Fixture.watch(minute: minute)).rejection)
        #expect(error.code == .minute)
        #expect(error.message.contains("minute"))
    }

    @Test(arguments: [
        "2025-10-27T22:03:48,1,GET /data/m/a+1999/12.mp4", "2025-10-27T22:03:48,1,GET /data/m/a+1999/12.mpgx",
        "2025-10-27T22:03:48,1,GET /data/m/a+1999/12.mpg?x=1", "2025-10-27T22:03:48,1,GET /data/m/a+1999/12.MPG",
    ])
    func badWatchSuffix(line: String) throws {
        #expect(try #require(parse(line).rejection).code == .request)
    }

    // MARK: Movie id (watch and rate lines)

    static let badMovieIDs: [(String, String)] = [
        ("the matrix 1999", "a space"), ("The+Matrix+1999", "upper-case letter 'T'"),
        ("the+matrix\u{07}+1999", "control character 0x7"), ("the+matrix\t1999", "control character 0x9"),
        ("the+matrix\u{7F}", "control character 0x7F"), ("", "empty"),
        (String(repeating: "a", count: 257), "257 bytes"),
        ("x');DROP TABLE interactions;--", "character ')'"), ("$(rm -rf /)", "character '$'"),
        ("a\"b", "character '\"'"),
    ]

    @Test(arguments: badMovieIDs)
    func badMovieIDInRateLine(movie: String, why: String) throws {
        let error = try #require(parse(Fixture.rate(movie: movie)).rejection)
        #expect(error.code == .movieID)
        #expect(error.message.contains("movie id"))
        #expect(error.message.contains(why), "\(error.message)")
    }

    @Test(arguments: badMovieIDs.filter { !$0.0.contains("/") })
    func badMovieIDInWatchLine(movie: String, why: String) throws {
        let error = try #require(parse(Fixture.watch(movie: movie)).rejection)
        #expect(error.code == .movieID)
        #expect(error.message.contains(why), "\(error.message)")
    }

    @Test func sqlInMovieIDIsNamedInTheMessage() throws {
        let error = try #require(parse(Fixture.rate(movie: "x');DROP TABLE interactions;--")).rejection)
        #expect(error.code == .movieID)
        #expect(error.message.hasPrefix("movie id 'x');DROP TABLE interactions;--'"), "\(error.message)")
    }

    @Test(arguments: [
        "spider-man+3+2007", "a", "l'auberge+espagnole+2002", "what's+up+doc+1972", "a.b_c:d&e!f", "1984+1984",
        String(repeating: "z", count: 256),
    ])
    func goodMovieID(movie: String) throws {
        #expect(try #require(try parse(Fixture.rate(movie: movie)).get().rating).movieID.rawValue == movie)
        #expect(try #require(try parse(Fixture.watch(movie: movie)).get().watch).movieID.rawValue == movie)
    }

    // MARK: Rating

    @Test(arguments: [
        ("seven", "not a single digit"), ("6", "outside 1 to 5"), ("0", "outside 1 to 5"),
        ("10", "not a single digit"), ("-1", "not a single digit"), ("3 ", "not a single digit"),
        ("4.5", "not a single digit"), ("9", "outside 1 to 5"), ("x", "not a single digit"),
    ])
    func badRating(rating: String, why: String) throws {
        let error = try #require(parse(Fixture.rate(rating: rating)).rejection)
        #expect(error.code == .rating)
        #expect(error.message.contains("rating"))
        #expect(error.message.contains(why), "\(error.message)")
    }

    @Test(arguments: 1...5)
    func goodRating(value: Int) throws {
        #expect(try #require(try parse(Fixture.rate(rating: String(value))).get().rating).rating == Int16(value))
    }
}
