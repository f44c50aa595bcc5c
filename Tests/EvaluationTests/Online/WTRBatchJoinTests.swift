import MovieLog
import Testing

@testable import Evaluation

/// Watch-through rate on hand-made logs, one test per rule of MOVIELOG.md's definition.
@Suite struct WTRBatchJoinTests {
    static let server = "marquee.internal:8080"

    /// A status-200 recommendation line of `user` at `time` listing `items`.
    static func recommendation(_ time: String, _ user: Int, _ items: [String], latency: Int = 40) -> String {
        "\(time),\(user),recommendation request \(server), status 200, result: \(items.joined(separator: ", ")), \(latency) ms"
    }

    static func failure(_ time: String, _ user: Int, status: Int = 0, latency: Int = 600) -> String {
        "\(time),\(user),recommendation request \(server), status \(status), result: java.net.SocketTimeoutException: Read timed out, \(latency) ms"
    }

    static func watch(_ time: String, _ user: Int, _ movie: String, minute: Int = 0) -> String {
        "\(time),\(user),GET /data/m/\(movie)/\(minute).mpg"
    }

    /// Reads `lines` (in this order) and joins them with `served`.
    static func tally(
        _ lines: [String], served: [ServedAnswer] = [], window: Int64 = 3600
    ) -> (OnlineTally, OnlineReport.Lines) {
        var join = WTRBatchJoin(configuration: OnlineConfiguration(window: window))
        var reader = LogLineReader(parser: MovieLogParser(now: Timestamp(seconds: 4_000_000_000)))
        for line in lines {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { reader.read(UnsafeRawBufferPointer($0), into: &join) }
        }
        return (join.tally(served: served), reader.counts)
    }

    static func converts(_ lines: [String], window: Int64 = 3600) -> Bool {
        let (tally, _) = tally(lines, window: window)
        #expect(tally.overall.ok == 1)
        return tally.overall.conversions == 1
    }

    @Test func aWatchAtTheEventsInstantDoesNotConvert() {
        #expect(!Self.converts([Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"]), Self.watch("2025-10-27T10:00:00", 7, "memento+2000")]))
    }

    @Test func aWatchExactlyOneWindowLaterConverts() {
        #expect(Self.converts([Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"]), Self.watch("2025-10-27T11:00:00", 7, "memento+2000")]))
        #expect(!Self.converts([Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"]), Self.watch("2025-10-27T11:00:01", 7, "memento+2000")]))
    }

    @Test func fractionsCompareToTheNanosecond() {
        let event = Self.recommendation("2025-10-27T10:00:00.5", 7, ["memento+2000"])
        #expect(Self.converts([event, Self.watch("2025-10-27T10:00:00.500000001", 7, "memento+2000")]))
        #expect(!Self.converts([event, Self.watch("2025-10-27T10:00:00.500000000", 7, "memento+2000")]))
        #expect(Self.converts([event, Self.watch("2025-10-27T11:00:00.5", 7, "memento+2000")]))
        #expect(!Self.converts([event, Self.watch("2025-10-27T11:00:00.500000001", 7, "memento+2000")]))
    }

    @Test func minutesOnlyTimesMeanSecondZero() {
        // 10:00 is 10:00:00, so 11:00 is exactly one window later and 10:00:00 is the same instant.
        #expect(Self.converts([Self.recommendation("2025-10-27T10:00", 7, ["memento+2000"]), Self.watch("2025-10-27T11:00", 7, "memento+2000")]))
        #expect(!Self.converts([Self.recommendation("2025-10-27T10:00", 7, ["memento+2000"]), Self.watch("2025-10-27T10:00:00", 7, "memento+2000")]))
        #expect(Self.converts([Self.recommendation("2025-10-27T10:00:59", 7, ["memento+2000"]), Self.watch("2025-10-27T10:01", 7, "memento+2000")]))
        #expect(!Self.converts([Self.recommendation("2025-10-27T10:00:59", 7, ["memento+2000"]), Self.watch("2025-10-27T11:01", 7, "memento+2000")]))
    }

    @Test func onlyTheSameUsersWatchesOfListedMoviesCount() {
        let event = Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000", "aliens+1986"])
        #expect(!Self.converts([event, Self.watch("2025-10-27T10:10:00", 8, "memento+2000")]))
        #expect(!Self.converts([event, Self.watch("2025-10-27T10:10:00", 7, "the+matrix+1999")]))
        #expect(Self.converts([event, Self.watch("2025-10-27T10:10:00", 7, "aliens+1986")]))
    }

    @Test func theWindowIsConfigurable() {
        let event = Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"])
        #expect(Self.converts([event, Self.watch("2025-10-27T10:30:00", 7, "memento+2000")], window: 1800))
        #expect(!Self.converts([event, Self.watch("2025-10-27T10:30:01", 7, "memento+2000")], window: 1800))
    }

    @Test func lineOrderDoesNotMatterOnlyInstantsDo() {
        // The watch is logged before the event but happened after it; a watch logged after the
        // event but stamped before it does not convert.
        #expect(Self.converts([Self.watch("2025-10-27T10:20:00", 7, "memento+2000"), Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"])]))
        #expect(!Self.converts([Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"]), Self.watch("2025-10-27T09:59:59", 7, "memento+2000")]))
    }

    @Test func failedEventsCountForAvailabilityButNotForWTR() {
        let (tally, _) = Self.tally([
            Self.failure("2025-10-27T10:00:00", 7), Self.failure("2025-10-27T10:00:01", 8, status: 500, latency: 20),
            Self.recommendation("2025-10-27T10:00:02", 9, ["memento+2000"], latency: 80),
            Self.watch("2025-10-27T10:05:00", 7, "memento+2000"), Self.watch("2025-10-27T10:05:00", 9, "memento+2000"),
        ])
        #expect(tally.overall.events == 3)
        #expect(tally.overall.ok == 1)
        #expect(tally.overall.conversions == 1)
        #expect(abs(tally.overall.failureShare - 2.0 / 3.0) < 1e-12)
        #expect(tally.overall.latency.percentile(0.5) == 80)
        #expect(tally.overall.latency.percentile(1) == 609)
    }

    @Test func aDuplicatedEventCountsOnce() {
        let event = Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"])
        let (tally, lines) = Self.tally([event, event, Self.watch("2025-10-27T10:05:00", 7, "memento+2000"), event])
        #expect(tally.overall.ok == 1)
        #expect(tally.overall.conversions == 1)
        #expect(tally.duplicates == 2)
        #expect(lines.recommendations == 3)
    }

    @Test func manyWatchesConvertAnEventOnceAndOneWatchConvertsEveryEventItFollows() {
        let (tally, _) = Self.tally([
            Self.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"]),
            Self.recommendation("2025-10-27T10:30:00", 7, ["memento+2000", "aliens+1986"]),
            Self.watch("2025-10-27T10:40:00", 7, "memento+2000", minute: 0),
            Self.watch("2025-10-27T10:41:00", 7, "memento+2000", minute: 1),
        ])
        #expect(tally.overall.ok == 2)
        #expect(tally.overall.conversions == 2)
    }

    @Test func dirtyLinesAreCountedByRuleAndNeverJoined() {
        let (tally, lines) = Self.tally([
            "2025-10-27T10:00:00,-7,recommendation request x:1, status 200, result: memento+2000, 40 ms",
            "2025-10-27T10:00:00,7,recommendation request x:1, status two hundred, result: memento+2000, 40 ms",
            "", Self.watch("2025-10-27T10:05:00", 7, "Memento 2000"),
        ])
        #expect(tally.overall.events == 0)
        #expect(lines.read == 4)
        #expect(lines.rejectedByRule.values.reduce(0, +) == 4)
    }

    @Test func eventsFallIntoBucketsByTheirInstant() {
        let (tally, _) = Self.tally([
            Self.recommendation("2025-10-27T10:59:59", 7, ["memento+2000"]),
            Self.recommendation("2025-10-27T11:00:00", 8, ["memento+2000"]),
        ])
        let starts = tally.series.keys.map(\.bucketStart).sorted()
        #expect(starts.count == 2)
        #expect(starts[1] - starts[0] == 3600)
        #expect(Timestamp(seconds: starts[1]).description == "2025-10-27T11:00:00Z")
    }
}
