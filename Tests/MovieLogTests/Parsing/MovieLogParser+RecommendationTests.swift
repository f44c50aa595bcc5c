import MovieLog
import Testing

@Suite struct MovieLogParserRecommendationTests {
    private func recommendation(_ line: String) throws -> RecommendationEvent {
        try #require(try parse(line).get().recommendation)
    }

    private func rejection(_ line: String, _ code: MovieLogError.Code, mentioning field: String) throws {
        let error = try #require(parse(line).rejection, "\(line)")
        #expect(error.code == code, "\(line): \(error)")
        #expect(error.message.contains(field), "\(error.message)")
    }

    // MARK: Accepted

    @Test(
        arguments: [
            ("0", "java.net.SocketTimeoutException: Read timed out", 0),
            ("500", "Internal Server Error", 500), ("404", "", 404), ("503", "service unavailable, try later", 503),
            ("100", "continue?", 100), ("599", "x", 599),
        ] as [(String, String, Int16)])
    func errorResult(status: String, text: String, value: Int16) throws {
        let event = try recommendation(Fixture.recommendation(status: status, result: text, latency: "600 ms"))
        #expect(event.status == value)
        #expect(event.result == .error(text))
        #expect(event.items.isEmpty)
        #expect(event.latencyMilliseconds == 600)
    }

    @Test(
        arguments: [("133 ms", 133), ("0 ms", 0), ("2 s", 2000), ("2147483647 ms", Int32.max), ("0000000007 ms", 7)]
            as [(String, Int32)])
    func latency(text: String, milliseconds: Int32) throws {
        #expect(try recommendation(Fixture.recommendation(latency: text)).latencyMilliseconds == milliseconds)
    }

    @Test(arguments: [1, 2, 19, 20])
    func itemCountUpToTwenty(count: Int) throws {
        let ids = (1...count).map { "movie+\($0)+2000" }
        let event = try recommendation(Fixture.recommendation(result: ids.joined(separator: ", ")))
        #expect(event.items.map(\.rawValue) == ids)
    }

    @Test(arguments: ["localhost:1", "a:8082", "17645-team13.isri.cmu.edu:8082", "10.0.0.1:65535", "my_host.x-y:80"])
    func goodServer(server: String) throws {
        #expect(try recommendation(Fixture.recommendation(server: server)).server == server)
    }

    // MARK: Rejected

    @Test(arguments: [
        ("abc", "status 'abc'"), ("", "status ''"), ("2000", "status '2000'"), ("99", "status 99"),
        ("600", "status 600"),
        ("-1", "status '-1'"), ("20O", "status '20O'"), ("1", "status 1"), (" 200", "status ' 200'"),
        ("$(rm -rf /)", "status '$(rm -rf /)'"),
    ])
    func badStatus(status: String, mention: String) throws {
        try rejection(Fixture.recommendation(status: status), .status, mentioning: mention)
    }

    @Test(arguments: [
        "{\"error\": \"boom\"}", "Internal Server Error", "[boxing+helena+1993, aliens+1986]", "a,b", "a, , b",
        "Aliens+1986", "boxing+helena+1993; aliens+1986", "a,  b", "a\tb", "a, b\u{01}",
    ])
    func statusOKResultNotAList(result: String) throws {
        try rejection(Fixture.recommendation(result: result), .result, mentioning: "result")
    }

    @Test func statusOKWithEmptyResult() throws {
        try rejection(Fixture.recommendation(result: ""), .result, mentioning: "no movie ids")
    }

    @Test func twentyOneItemsAreTooMany() throws {
        let ids = (1...21).map { "movie+\($0)+2000" }.joined(separator: ", ")
        try rejection(Fixture.recommendation(result: ids), .result, mentioning: "more than 20")
    }

    @Test(arguments: ["$(rm -rf /)", "x;y", "a|b", "`id`", "<script>", "a\\b", "a\"b", "tab\there", "a&&b", "x\u{7F}"])
    func errorTextWithMetacharacters(text: String) throws {
        try rejection(Fixture.recommendation(status: "500", result: text), .result, mentioning: "error text")
    }

    @Test(arguments: [
        "$(rm -rf /):8082", "host", ":8082", "host:", "host:abc", "host:123456", "ho st:80", "host:8082$(rm -rf /)",
        "team13.isri.cmu.edu:8082;rm", "hóst:80", "`id`:80", "",
    ])
    func badServer(server: String) throws {
        try rejection(Fixture.recommendation(server: server), .server, mentioning: "server")
    }

    @Test(arguments: [
        "133 msec", "Fast", "1.5 s", "-1 ms", "133 MS", "99999999999 ms", "9999999 s", "133 ms;rm",
        "133 ms ", "133  ms", "ms 133", "$(rm -rf /)",
    ])
    func badLatency(text: String) throws {
        try rejection(Fixture.recommendation(latency: text), .latency, mentioning: "latency")
    }

    @Test(arguments: [
        ("2022-02-08T18:06:56,1,recommendation request h:1, code 200, result: a, 1 ms", MovieLogError.Code.status),
        ("2022-02-08T18:06:56,1,recommendation request h:1,status 200, result: a, 1 ms", .status),
        ("2022-02-08T18:06:56,1,recommendation request h:1, status 200, items: a, 1 ms", .result),
        ("2022-02-08T18:06:56,1,recommendation request h:1, status 200,result: a, 1 ms", .result),
    ])
    func missingSeparator(line: String, code: MovieLogError.Code) throws {
        #expect(try #require(parse(line).rejection).code == code)
    }
}
