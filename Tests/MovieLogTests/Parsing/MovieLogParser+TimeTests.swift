import MovieLog
import Testing

@Suite struct MovieLogParserTimeTests {
    /// A time as printed, and the instant and description it must become.
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var seconds: Int64
        var nanoseconds: Int32
        var description: String
        var testDescription: String { text }
    }

    static let goodTimes: [Case] = [
        Case(text: "2025-10-27T22:03:48", seconds: 1_761_602_628, nanoseconds: 0, description: "2025-10-27T22:03:48Z"),
        Case(text: "2025-10-27T22:03", seconds: 1_761_602_580, nanoseconds: 0, description: "2025-10-27T22:03:00Z"),
        Case(
            text: "2025-10-17T01:33:45.122692921", seconds: 1_760_664_825, nanoseconds: 122_692_921,
            description: "2025-10-17T01:33:45.122692921Z"),
        Case(
            text: "2025-10-17T01:33:45.5", seconds: 1_760_664_825, nanoseconds: 500_000_000,
            description: "2025-10-17T01:33:45.5Z"),
        Case(
            text: "2025-10-17T01:33:45.12", seconds: 1_760_664_825, nanoseconds: 120_000_000,
            description: "2025-10-17T01:33:45.12Z"),
        Case(
            text: "2025-10-17T01:33:45.947788", seconds: 1_760_664_825, nanoseconds: 947_788_000,
            description: "2025-10-17T01:33:45.947788Z"),
        Case(
            text: "2025-10-17T01:33:45.1234567", seconds: 1_760_664_825, nanoseconds: 123_456_700,
            description: "2025-10-17T01:33:45.1234567Z"),
        Case(
            text: "2025-10-17T01:33:45.12345678", seconds: 1_760_664_825, nanoseconds: 123_456_780,
            description: "2025-10-17T01:33:45.12345678Z"),
        Case(
            text: "2025-10-17T01:33:45.000000001", seconds: 1_760_664_825, nanoseconds: 1,
            description: "2025-10-17T01:33:45.000000001Z"),
        Case(
            text: "2025-10-17T01:33:45.999999999", seconds: 1_760_664_825, nanoseconds: 999_999_999,
            description: "2025-10-17T01:33:45.999999999Z"),
        Case(
            text: "2025-10-17T01:33:45.100", seconds: 1_760_664_825, nanoseconds: 100_000_000,
            description: "2025-10-17T01:33:45.1Z"),
        Case(
            text: "2025-10-17T01:33:45.0", seconds: 1_760_664_825, nanoseconds: 0, description: "2025-10-17T01:33:45Z"),
        Case(text: "1970-01-01T00:00", seconds: 0, nanoseconds: 0, description: "1970-01-01T00:00:00Z"),
        Case(text: "2024-02-29T12:00:00", seconds: 1_709_208_000, nanoseconds: 0, description: "2024-02-29T12:00:00Z"),
        Case(text: "2000-02-29T00:00", seconds: 951_782_400, nanoseconds: 0, description: "2000-02-29T00:00:00Z"),
        Case(text: "2025-10-31T23:59:59", seconds: 1_761_955_199, nanoseconds: 0, description: "2025-10-31T23:59:59Z"),
    ]

    @Test(arguments: goodTimes)
    func timeIsKeptExactly(_ time: Case) throws {
        let event = try parse(Fixture.watch(time: time.text)).get()
        #expect(event.time == Timestamp(seconds: time.seconds, nanoseconds: time.nanoseconds))
        #expect(event.time.description == time.description)
    }

    @Test(arguments: [
        "2025-13-01T00:00", "2025-02-30T10:00", "yesterday", "2025-00-10T10:00", "2025-04-31T10:00",
        "2025-10-00T10:00", "2025-10-27T24:00", "2025-10-27T23:60", "2025-10-27T23:59:60", "2025-10-27 22:03:48",
        "2025-10-27T22:03:48Z", "2025-10-27T22:03:48+00:00", "2025-10-27T22:03:48.", "2025-10-27T22:03:48.1234567890",
        "25-10-27T22:03", "2025-1-27T22:03", "2025-10-27T22:3", "2025-10-27T22:03:4", "2025-10-27", "2025/10/27T22:03",
        " 2025-10-27T22:03", "-2025-10-27T22:03", "1969-12-31T23:59:59", "0000-01-01T00:00", "2023-02-29T00:00",
        "1900-02-29T00:00", "2100-02-29T00:00", "2025-10-27T22:03:48.-5", "2025-10-27t22:03", "１９９９-01-01T00:00",
        "$(date)", "2025-10-27T22:03:48;DROP",
    ])
    func unparseableTime(text: String) throws {
        let error = try #require(parse(Fixture.watch(time: text)).rejection)
        #expect(error.code == .timestamp, "\(error)")
        #expect(error.message.contains("time"))
    }

    @Test(arguments: ["2024-02-29T00:00", "2028-02-29T23:59:59.999999999", "2400-02-29T00:00", "2096-02-29T00:00"])
    func leapDayIsARealDate(text: String) throws {
        let parser = MovieLogParser(now: Timestamp(seconds: 20_000_000_000))
        let event = try parser.parse(Fixture.watch(time: text)).get()
        #expect(event.time.description.hasPrefix(String(text.prefix(10))))
    }

    @Test(arguments: ["2023-02-29T00:00", "2100-02-29T00:00", "2025-02-29T00:00", "1900-02-29T00:00"])
    func leapDayOfACommonYearIsRejected(text: String) throws {
        let parser = MovieLogParser(now: Timestamp(seconds: 20_000_000_000))
        #expect(try #require(parser.parse(Fixture.watch(time: text)).rejection).code == .timestamp)
    }

    // MARK: Far future (the clock is 2025-11-01T00:00:00Z, the skew 1 day)

    @Test(arguments: [
        "2025-11-02T00:00:00.000000001", "2025-11-02T00:00:01", "2025-11-02T00:01", "2026-01-01T00:00",
        "2099-12-31T23:59",
        "9999-12-31T23:59:59.999999999", "2096-02-29T00:00",
    ])
    func farFutureTime(text: String) throws {
        for line in [Fixture.watch(time: text), Fixture.rate(time: text)] {
            let error = try #require(parse(line).rejection)
            #expect(error.code == .futureTimestamp)
            #expect(error.message.contains("ahead of the ingest clock"), "\(error.message)")
        }
    }

    @Test(arguments: [
        "2025-11-02T00:00", "2025-11-02T00:00:00.000000000", "2025-11-01T23:59:59.999999999",
        "2025-11-01T00:00", "2025-11-01T12:00",
    ])
    func nearFutureTimeIsAccepted(text: String) throws {
        #expect(try parse(Fixture.watch(time: text)).get().time > Timestamp(seconds: 1_761_955_199))
    }

    @Test func skewIsConfigurable() throws {
        var configuration = MovieLogParser.Configuration()
        configuration.futureSkew = 0
        let parser = MovieLogParser(now: Fixture.now, configuration: configuration)
        #expect(parser.parse(Fixture.watch(time: "2025-11-01T00:00")).event != nil)
        let late = try #require(parser.parse(Fixture.watch(time: "2025-11-01T00:00:00.000000001")).rejection)
        #expect(late.code == .futureTimestamp)
    }
}
