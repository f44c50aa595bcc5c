import MovieLog
import Testing

@Suite struct TimestampTests {
    @Test(
        arguments: [
            (1970, 1, 1, 0, 0, 0, 0, 0, 0), (2025, 10, 27, 22, 3, 48, 947_788_000, 1_761_602_628, 947_788_000),
            (2024, 2, 29, 12, 0, 0, 0, 1_709_208_000, 0), (2000, 2, 29, 0, 0, 0, 0, 951_782_400, 0),
            (1969, 12, 31, 23, 59, 59, 999_999_999, -1, 999_999_999), (2038, 1, 19, 3, 14, 8, 0, 2_147_483_648, 0),
            (9999, 12, 31, 23, 59, 59, 0, 253_402_300_799, 0),
        ] as [(Int, Int, Int, Int, Int, Int, Int, Int64, Int32)])
    func civilTime(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int,
        seconds: Int64, nanoseconds: Int32
    ) throws {
        let time = try #require(
            Timestamp(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                nanosecond: nanosecond))
        #expect(time == Timestamp(seconds: seconds, nanoseconds: nanoseconds))
    }

    @Test(arguments: [
        (2025, 0, 1, 0, 0, 0, 0), (2025, 13, 1, 0, 0, 0, 0), (2025, 1, 0, 0, 0, 0, 0), (2025, 1, 32, 0, 0, 0, 0),
        (2025, 2, 29, 0, 0, 0, 0), (1900, 2, 29, 0, 0, 0, 0), (2025, 4, 31, 0, 0, 0, 0), (2025, 1, 1, 24, 0, 0, 0),
        (2025, 1, 1, -1, 0, 0, 0), (2025, 1, 1, 0, 60, 0, 0), (2025, 1, 1, 0, 0, 60, 0),
        (2025, 1, 1, 0, 0, 0, 1_000_000_000), (2025, 1, 1, 0, 0, 0, -1),
    ])
    func impossibleCivilTime(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int) {
        #expect(
            Timestamp(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                nanosecond: nanosecond) == nil)
    }

    @Test(
        arguments: [
            (0, 0, "1970-01-01T00:00:00Z"), (-1, 0, "1969-12-31T23:59:59Z"), (-86_400, 0, "1969-12-31T00:00:00Z"),
            (-86_401, 0, "1969-12-30T23:59:59Z"), (1_761_602_628, 947_788_000, "2025-10-27T22:03:48.947788Z"),
            (1_760_664_825, 122_692_921, "2025-10-17T01:33:45.122692921Z"),
            (1_760_664_825, 500_000_000, "2025-10-17T01:33:45.5Z"),
            (1_760_664_825, 1, "2025-10-17T01:33:45.000000001Z"), (951_868_799, 0, "2000-02-29T23:59:59Z"),
            (253_402_300_799, 0, "9999-12-31T23:59:59Z"),
        ] as [(Int64, Int32, String)])
    func description(seconds: Int64, nanoseconds: Int32, text: String) {
        #expect(Timestamp(seconds: seconds, nanoseconds: nanoseconds).description == text)
    }

    @Test func orderIsSecondsThenNanoseconds() {
        let times = [
            Timestamp(seconds: -1, nanoseconds: 999_999_999), Timestamp(seconds: 0),
            Timestamp(seconds: 0, nanoseconds: 1),
            Timestamp(seconds: 0, nanoseconds: 999_999_999), Timestamp(seconds: 1),
        ]
        for (index, earlier) in times.enumerated() {
            for later in times[(index + 1)...] {
                #expect(earlier < later)
                #expect(!(later < earlier))
                #expect(earlier != later)
            }
        }
        #expect(Set(times + times).count == times.count)
    }

    @Test(
        arguments: [
            (1, 999, 1_000_000, 1_000_000_999), (1, 1999, 1_000_001, 1_000_001_999),
            (-1, 500_000_000, -500_000, -500_000_000),
            (0, 0, 0, 0), (1_761_602_628, 947_788_123, 1_761_602_628_947_788, 1_761_602_628_947_788_123),
        ] as [(Int64, Int32, Int64, Int64)])
    func epochUnits(seconds: Int64, nanoseconds: Int32, micro: Int64, nano: Int64) {
        let time = Timestamp(seconds: seconds, nanoseconds: nanoseconds)
        #expect(time.microsecondsSinceEpoch == micro)
        #expect(time.nanosecondsSinceEpoch == nano)
    }

    @Test func addingKeepsTheFraction() {
        let time = Timestamp(seconds: 100, nanoseconds: 7)
        #expect(time.adding(seconds: 3600) == Timestamp(seconds: 3700, nanoseconds: 7))
        #expect(time.adding(seconds: -200) == Timestamp(seconds: -100, nanoseconds: 7))
    }

    /// The description of any instant from 1970 to 9999, read back by the parser, is the same instant.
    @Test func descriptionRoundTripsThroughTheParser() throws {
        var generator = SplitMix64(seed: 0x7155)
        let parser = MovieLogParser(now: Timestamp(seconds: 253_402_300_800))
        for _ in 0..<3000 {
            let time = Timestamp(
                seconds: Int64.random(in: 0...253_402_300_799, using: &generator),
                nanoseconds: Bool.random(using: &generator) ? 0 : Int32.random(in: 0..<1_000_000_000, using: &generator)
            )
            let text = String(time.description.dropLast())
            let parsed = try parser.parse("\(text),1,GET /rate/a=1").get()
            #expect(parsed.time == time, "\(text)")
        }
    }
}
