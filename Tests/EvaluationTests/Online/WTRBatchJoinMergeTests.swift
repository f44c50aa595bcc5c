import MovieLog
import Testing

@testable import Evaluation

/// A log read in parts (one join per part, as `evaluate online --file` does on several cores)
/// and merged must give exactly what reading it whole gives.
@Suite struct WTRBatchJoinMergeTests {
    /// A log, in no time order, of `count` lines: watches, listed and failed recommendations, exact
    /// copies of earlier recommendation lines and garbage, from a fixed seed.
    static func log(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let movies = (0..<40).map { "movie+\($0)+\(1950 + $0)" }
        func time() -> String {
            let seconds = next(2 * 86_400)
            let fraction = next(3) == 0 ? ".\(next(1000))" : ""
            return String(format: "2025-10-%02dT%02d:%02d:%02d", 27 + seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
                + fraction
        }
        var lines: [String] = []
        var recommendations: [String] = []
        for _ in 0..<count {
            let user = 1 + next(60)
            switch next(20) {
            case 0..<12:
                lines.append(WTRBatchJoinTests.watch(time(), user, movies[next(movies.count)], minute: next(90)))
            case 12..<16:
                let listed = (0..<5).map { _ in movies[next(movies.count)] }
                let line = WTRBatchJoinTests.recommendation(time(), user, Array(Set(listed)), latency: 5 + next(300))
                recommendations.append(line)
                lines.append(line)
            case 16:
                lines.append(WTRBatchJoinTests.failure(time(), user))
            case 17, 18:
                if !recommendations.isEmpty { lines.append(recommendations[next(recommendations.count)]) }
            default:
                lines.append("\(time()),\(user),GET /data/m/\(movies[0])/-1.mpg")
            }
        }
        return lines
    }

    static func read(_ lines: ArraySlice<String>) -> (WTRBatchJoin, OnlineReport.Lines) {
        var join = WTRBatchJoin(configuration: OnlineConfiguration(window: 3600))
        var reader = LogLineReader(parser: MovieLogParser(now: Timestamp(seconds: 4_000_000_000)))
        for line in lines {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { reader.read(UnsafeRawBufferPointer($0), into: &join) }
        }
        return (join, reader.counts)
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func partsMergedGiveTheSameTallyAsTheWholeLog(seed: UInt64) {
        let lines = Self.log(count: 4000, seed: seed)
        let (whole, wholeCounts) = Self.read(lines[...])
        let expected = whole.tally(served: [])
        #expect(expected.duplicates > 0, "the log should repeat some events")
        #expect(expected.overall.conversions > 0, "the log should have conversions")

        // Three parts; the last two merged first, so renumbering maps are composed.
        let cuts = [0, 1300, 2900, lines.count]
        var parts = zip(cuts, cuts.dropFirst()).map { Self.read(lines[$0..<$1]) }
        parts[1].0.merge(parts[2].0)
        parts[1].1.add(parts[2].1)
        parts[0].0.merge(parts[1].0)
        parts[0].1.add(parts[1].1)
        #expect(parts[0].0.tally(served: []) == expected)
        #expect(parts[0].1 == wholeCounts)
        #expect(parts[0].0.eventSpan == whole.eventSpan)
        // Counting slices of the events side by side gives the same tally.
        #expect(whole.tally(served: [], threads: 3) == expected)
        #expect(parts[0].0.tally(served: [], threads: 2) == expected)
    }
}
