import Quality
import Testing

/// Verdicts: pass, warn, block, the threshold boundaries, and snapshot mode.
@Suite struct DriftMonitorTests {
    /// 10 movies × 5 plus 50 × 1: top-10 share 50 / 100 = 0.5.
    static func halfOnTopTen() -> [String: Int] {
        Windows.movies("top", 10, each: 5).merging(Windows.movies("tail", 50, each: 1)) { $1 }
    }

    /// Top-10 share `top` / 200: nine movies × 11, one × (top − 99), and 200 − top movies × 1.
    static func topTenShare(of top: Int) -> [String: Int] {
        var movies = Windows.movies("top", 9, each: 11)
        movies["top999"] = top - 99
        return movies.merging(Windows.movies("tail", 200 - top, each: 1)) { $1 }
    }

    @Test func identicalWindowsPass() throws {
        let window = try Windows.summary(
            "week", movies: Self.halfOnTopTen(), ratings: [1, 2, 3, 4, 5], users: [1: 3, 2: 40, 3: 57])
        let report = DriftMonitor().report(reference: window, current: window)
        #expect(report.mode == .compare)
        #expect(report.verdict == .pass)
        #expect(report.failing.isEmpty)
        #expect(report.metrics.map(\.name) == DriftMetric.Name.allCases)
        #expect(report.metrics.allSatisfy { $0.status == .pass })
        #expect(report.metric(.top100Overlap)?.value == 1)
        #expect(report.metric(.ratingPSI)?.value == 0)
    }

    @Test func topTenShareDeltaAtTheWarnLimitPasses() throws {
        // 0.55 − 0.50 = 0.05 (0.050000000000000044 in floating point): equal to the warn limit, so pass.
        let thresholds = Windows.only { $0.top10ShareDelta = DriftThresholds().top10ShareDelta }
        let report = DriftMonitor(thresholds: thresholds).report(
            reference: try Windows.summary("ref", movies: Self.halfOnTopTen()),
            current: try Windows.summary("cur", movies: Self.topTenShare(of: 110)))
        #expect(abs((report.metric(.top10ShareDelta)?.value ?? 0) - 0.05) < 1e-12)
        #expect(report.verdict == .pass)
    }

    @Test func topTenShareDeltaBetweenLimitsWarns() throws {
        // 112 / 200 − 0.5 = 0.56 − 0.5 = 0.06: above warn 0.05, not above block 0.08.
        let thresholds = Windows.only { $0.top10ShareDelta = DriftThresholds().top10ShareDelta }
        let report = DriftMonitor(thresholds: thresholds).report(
            reference: try Windows.summary("ref", movies: Self.halfOnTopTen()),
            current: try Windows.summary("cur", movies: Self.topTenShare(of: 112)))
        #expect(report.verdict == .warn)
        let failure = try #require(report.failing.first)
        #expect(failure.metric == .top10ShareDelta)
        #expect(failure.level == .warn)
        #expect(failure.threshold == 0.05)
        #expect(failure.summary == "top10_share_delta = 0.06, magnitude > 0.05")
    }

    @Test func negativeDeltaCountsByMagnitude() throws {
        // The same windows swapped: 0.5 − 0.6 = −0.1, |−0.1| > 0.08: block.
        let thresholds = Windows.only { $0.top10ShareDelta = DriftThresholds().top10ShareDelta }
        let report = DriftMonitor(thresholds: thresholds).report(
            reference: try Windows.summary("ref", movies: Self.topTenShare(of: 120)),
            current: try Windows.summary("cur", movies: Self.halfOnTopTen()))
        #expect(report.verdict == .block)
        #expect(report.failing.map(\.summary) == ["top10_share_delta = -0.1, magnitude > 0.08"])
    }

    @Test func giniDeltaEqualToTheBlockLimitOnlyWarns() throws {
        // Gini [1, 1] = 0 → [2, 3] = (3 − 2) / (2·5) = 0.1: equal to block 0.10, above warn 0.06.
        let thresholds = Windows.only { $0.giniDelta = DriftThresholds().giniDelta }
        let report = DriftMonitor(thresholds: thresholds).report(
            reference: try Windows.summary("ref", movies: ["a": 1, "b": 1]),
            current: try Windows.summary("cur", movies: ["a": 2, "b": 3]))
        #expect(report.metric(.giniDelta)?.value == 0.1)
        #expect(report.verdict == .warn)
        #expect(report.failing.map(\.summary) == ["gini_delta = 0.1, magnitude > 0.06"])
    }

    @Test func overlapAtTheLimitPassesAndBelowBlocks() throws {
        // Reference top 100 = a000…a099. Current keeps `kept` of them and adds 100 − kept new
        // movies, all with 2 interactions: overlap = kept / min(100, 100, 100).
        let thresholds = Windows.only { $0.top100Overlap = DriftThresholds().top100Overlap }
        let monitor = DriftMonitor(thresholds: thresholds)
        let reference = try Windows.summary("ref", movies: Windows.movies("a", 100, each: 2))
        func current(keeping kept: Int) throws -> DriftWindowSummary {
            let keptMovies = Windows.movies("a", kept, each: 2)
            return try Windows.summary(
                "cur", movies: keptMovies.merging(Windows.movies("b", 100 - kept, each: 2)) { $1 })
        }
        let atLimit = monitor.report(reference: reference, current: try current(keeping: 40))
        #expect(atLimit.metric(.top100Overlap)?.value == 0.4)
        #expect(atLimit.verdict == .pass)
        let below = monitor.report(reference: reference, current: try current(keeping: 39))
        #expect(below.verdict == .block)
        #expect(below.failing.map(\.summary) == ["top100_overlap = 0.39 < 0.4"])
    }

    @Test func ratingPSIWarnsAndBlocks() throws {
        let thresholds = Windows.only { $0.ratingPSI = DriftThresholds().ratingPSI }
        let monitor = DriftMonitor(thresholds: thresholds)
        let movies = ["m": 1]
        // PSI 0.1098612 (see DriftStatisticsTests.psiByHand): above 0.1, below 0.25.
        let warned = monitor.report(
            reference: try Windows.summary("ref", movies: movies, ratings: [10, 20, 30, 20, 20]),
            current: try Windows.summary("cur", movies: movies, ratings: [20, 20, 20, 20, 20]))
        #expect(warned.verdict == .warn)
        #expect(warned.failing.map(\.summary) == ["rating_psi = 0.1099 > 0.1"])
        // PSI 0.7123991 (empty buckets floored at 1e-4): above 0.25.
        let blocked = monitor.report(
            reference: try Windows.summary("ref", movies: movies, ratings: [0, 50, 50, 0, 0]),
            current: try Windows.summary("cur", movies: movies, ratings: [10, 40, 50, 0, 0]))
        #expect(blocked.verdict == .block)
        #expect(blocked.failing.map(\.summary) == ["rating_psi = 0.7124 > 0.25"])
    }

    @Test func userActivityShiftBlocks() throws {
        // Reference: 4 users with 1 interaction, 4 with 2 → buckets [4, 4, 0…]; current: 8 users
        // with 1 → [8, 0…]. p = [.5, .5], q = [1, 1e-4]:
        // PSI = (1 − .5)·ln 2 + (1e-4 − .5)·ln(1e-4 / .5) = 0.3465736 + 4.2577449 = 4.6043185
        let reference: [Int64: Int] = [1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 2, 8: 2]
        let current: [Int64: Int] = [1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1]
        let thresholds = Windows.only { $0.userActivityPSI = DriftThresholds().userActivityPSI }
        let report = DriftMonitor(thresholds: thresholds).report(
            reference: try Windows.summary("ref", movies: ["m": 12], users: reference),
            current: try Windows.summary("cur", movies: ["m": 8], users: current))
        #expect(abs((report.metric(.userActivityPSI)?.value ?? 0) - 4.604_318_466_668_95) < 1e-9)
        #expect(report.verdict == .block)
        #expect(report.current.medianUserActivity == 1)
        #expect(report.reference?.medianUserActivity == 1.5)
    }

    @Test func swappedPopularityBlocksWithBlocksListedFirst() throws {
        // 200 movies; reference popularity falls with the index, current rises with it.
        var reference: [String: Int] = [:]
        var current: [String: Int] = [:]
        for index in 0..<200 {
            let id = "m" + String(1000 + index).dropFirst()
            reference[id] = 200 - index
            current[id] = index + 1
        }
        let report = DriftMonitor().report(
            reference: try Windows.summary("ref", movies: reference, ratings: [1, 1, 1, 1, 1]),
            current: try Windows.summary("cur", movies: current, ratings: [1, 1, 1, 1, 1]))
        #expect(report.verdict == .block)
        #expect(report.metric(.top100Overlap)?.value == 0)
        #expect(report.metric(.top10ShareDelta)?.value == 0)  // same shape, other movies
        #expect(report.failing.map(\.metric) == [.top100Overlap])
        #expect(report.current.top10.first == "m199")
    }

    @Test func snapshotReportsTheWindowAndPasses() throws {
        // Ratings [0, 0, 1, 1, 2] → shares [0, 0, .25, .25, .5]; movies [3, 1] → top-10 share 1,
        // Gini of [1, 3] = (−1·1 + 1·3) / (2·4) = 0.25.
        let window = try Windows.summary("now", movies: ["a": 3, "b": 1], ratings: [0, 0, 1, 1, 2], users: [7: 4])
        let report = DriftMonitor().report(reference: nil, current: window)
        #expect(report.mode == .snapshot)
        #expect(report.verdict == .pass)
        #expect(report.reference == nil)
        #expect(report.current.ratingShares == [0, 0, 0.25, 0.25, 0.5])
        #expect(report.current.top10Share == 1)
        #expect(report.current.gini == 0.25)
        #expect(report.current.interactions == 4)
        #expect(report.metric(.currentInteractions)?.status == .pass)
        let skipped = report.metrics.filter { $0.status == .skipped }
        #expect(skipped.count == DriftMetric.Name.allCases.count - 1)
        #expect(skipped.allSatisfy { $0.detail == "no reference window (single-snapshot mode)" && $0.value == nil })
    }

    @Test func emptyCurrentWindowBlocksEvenAlone() throws {
        let report = DriftMonitor().report(reference: nil, current: try Windows.summary("now", movies: [:], users: [:]))
        #expect(report.verdict == .block)
        #expect(report.failing.map(\.summary) == ["current_interactions = 0 < 1"])
    }

    @Test func emptyReferenceBlocksAndSkipsComparisons() throws {
        let report = DriftMonitor().report(
            reference: try Windows.summary("ref", movies: [:], users: [:]),
            current: try Windows.summary("cur", movies: ["a": 1], ratings: [0, 0, 1, 0, 0]))
        #expect(report.verdict == .block)
        #expect(report.failing.map(\.metric) == [.referenceInteractions])
        #expect(report.metric(.top100Overlap)?.status == .skipped)
        #expect(report.metric(.ratingPSI)?.detail == "a window has no ratings")
    }

    @Test func invalidSummariesAreRefused() throws {
        #expect(throws: QualityError.self) { try RatingCounts([1, 2, 3, 4]) }
        #expect(throws: QualityError.self) { try RatingCounts([1, 2, 3, 4, -5]) }
        var counts = RatingCounts()
        try counts.add(rating: 5, count: 2)
        #expect(counts[5] == 2 && counts.total == 2)
        let error = try #require(throws: QualityError.self) { try counts.add(rating: 7) }
        #expect(error.code == .driftInput)
        #expect(throws: QualityError.self) { try Windows.summary("w", movies: ["a": -1]) }
        #expect(throws: QualityError.self) { try Windows.summary("w", movies: ["a": 1], users: [3: -1]) }
    }
}
