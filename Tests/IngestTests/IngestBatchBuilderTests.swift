import Ingest
import MovieLog
import Store
import Testing

@Suite struct IngestBatchBuilderTests {
    static let parser = MovieLogParser(now: Timestamp(year: 2026, month: 1, day: 1, hour: 0, minute: 0)!)

    static func builder(_ lines: [String], start: [Int32: Int64] = [:]) -> IngestBatchBuilder {
        var builder = IngestBatchBuilder(groupID: "g", source: "movielog", parser: parser)
        builder.reset(startOffsets: start)
        for (offset, line) in lines.enumerated() {
            var line = line
            line.withUTF8 {
                builder.add(partition: 0, offset: Int64(offset) + (start[0] ?? 0), bytes: UnsafeRawBufferPointer($0))
            }
        }
        return builder
    }

    @Test func aggregatesOneRowPerUserAndMovie() {
        var builder = Self.builder(
            [
                "2025-10-27T22:05,39157,GET /data/m/the+matrix+1999/3.mpg",
                "2025-10-27T22:03:48.947788,39157,GET /data/m/the+matrix+1999/1.mpg",
                "2025-10-27T22:04:48,39157,GET /data/m/the+matrix+1999/1.mpg",
                "2025-10-27T22:06,39157,GET /data/m/the+matrix+1999/2.mpg",
                "2025-10-27T23:00,39157,GET /rate/the+matrix+1999=4",
                "2025-10-27T23:00,39157,GET /rate/the+matrix+1999=5",
                "2025-10-20T23:00,39157,GET /rate/the+matrix+1999=1",
            ], start: [0: 100])
        let commit = builder.makeCommit()
        #expect(commit.ranges == [.init(partition: 0, expectedStart: 100, next: 107)])
        #expect(commit.interactions.count == 1)
        let row = commit.interactions[0]
        #expect(row.minutes == [1, 2, 3])
        #expect(row.firstWatch?.description == "2025-10-27T22:03:48.947788Z")
        #expect(row.lastWatch?.description == "2025-10-27T22:06:00Z")
        #expect(row.rating == 5)  // equal instants: the later line wins; the older rating does not
        #expect(row.ratedAt?.description == "2025-10-27T23:00:00Z")
        #expect(builder.lineCount == 0)
    }

    @Test func quarantinesBadLinesVerbatimWithTheirRule() {
        let injection = "2025-10-27T22:05,7,GET /rate/x');DROP TABLE interactions;--=4"
        var builder = Self.builder([
            injection, "", "2025-10-27T22:05,-3,GET /rate/a+1999=4", "2099-01-01T00:00,3,GET /rate/a+1999=4",
        ])
        #expect(builder.counters.quarantinedByRule == ["movie_id": 1, "empty": 1, "user_id": 1, "future_timestamp": 1])
        let commit = builder.makeCommit()
        #expect(commit.interactions.isEmpty)
        #expect(commit.quarantined.map(\.offset) == [0, 1, 2, 3])
        #expect(commit.quarantined[0].raw == Array(injection.utf8))
        #expect(commit.quarantined[0].reason.contains("movie id"))
    }

    @Test func repeatsARecommendationLineOnlyOnce() {
        let line = "2025-10-27T22:05,7,recommendation request h:8082, status 200, result: a+1999, b+2000, 90 ms"
        var builder = Self.builder([line, line, line + " "])
        #expect(builder.counters.recommendations == 1)
        #expect(builder.counters.quarantinedByRule == ["duplicate": 1, "latency": 1])
        let commit = builder.makeCommit()
        #expect(commit.recommendations.map(\.offset) == [0])
    }

    @Test func continuesFromTheCommittedOffsets() {
        var builder = Self.builder(["2025-10-27T22:05,7,GET /rate/a+1999=4"], start: [0: 5])
        _ = builder.makeCommit()
        builder.add(partition: 0, offset: 6, bytes: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(builder.makeCommit().ranges == [.init(partition: 0, expectedStart: 6, next: 7)])
    }
}
