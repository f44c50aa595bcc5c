import Quality
import Testing

/// Each metric on tiny data, with the arithmetic written out.
@Suite struct DriftStatisticsTests {
    @Test func psiOfIdenticalSharesIsZero() {
        #expect(DriftStatistics.populationStabilityIndex(reference: [1, 2, 3, 4, 5], current: [2, 4, 6, 8, 10]) == 0)
    }

    @Test func psiByHand() throws {
        // p = [.1, .2, .3, .2, .2], q = [.2, .2, .2, .2, .2]
        // PSI = (.2 − .1)·ln 2 + (.2 − .3)·ln(2/3) = 0.0693147 + 0.0405465 = 0.1098612
        let psi = try #require(
            DriftStatistics.populationStabilityIndex(reference: [10, 20, 30, 20, 20], current: [20, 20, 20, 20, 20]))
        #expect(abs(psi - 0.109_861_228_866_81) < 1e-12)
    }

    @Test func psiFloorsEmptyBucketsAtEpsilon() throws {
        // p = [0 → 1e-4, .5, .5, 1e-4, 1e-4], q = [.1, .4, .5, 1e-4, 1e-4]
        // PSI = (.1 − .0001)·ln(.1/.0001) + (.4 − .5)·ln(.4/.5) = 0.0999·6.9077553 + 0.0223144 = 0.7123991
        #expect(DriftStatistics.psiEpsilon == 1e-4)
        let psi = try #require(
            DriftStatistics.populationStabilityIndex(reference: [0, 50, 50, 0, 0], current: [10, 40, 50, 0, 0]))
        #expect(abs(psi - 0.712_399_107_501_74) < 1e-12)
    }

    @Test func psiIsUndefinedWithoutData() {
        #expect(DriftStatistics.populationStabilityIndex(reference: [0, 0], current: [1, 1]) == nil)
        #expect(DriftStatistics.populationStabilityIndex(reference: [1, 1], current: [1]) == nil)
    }

    @Test func giniByHand() {
        // [1, 2, 3, 4]: n = 4, Σx = 10; Σ(2i − 5)·x_i = −3·1 − 1·2 + 1·3 + 3·4 = 10; G = 10 / (4·10) = 0.25
        #expect(DriftStatistics.gini([4, 1, 3, 2]) == 0.25)
        // [0, 10]: Σ(2i − 3)·x_i = −0 + 10 = 10; G = 10 / (2·10) = 0.5
        #expect(DriftStatistics.gini([0, 10]) == 0.5)
        // [2, 3]: (−2 + 3) / (2·5) = 0.1
        #expect(DriftStatistics.gini([2, 3]) == 0.1)
        #expect(DriftStatistics.gini([5, 5, 5]) == 0)
        #expect(DriftStatistics.gini([7]) == 0)
        #expect(DriftStatistics.gini([Int]()) == nil)
        #expect(DriftStatistics.gini([0, 0]) == nil)
    }

    @Test func topMoviesBreakTiesByIdAscending() {
        let counts = ["b": 5, "a": 5, "c": 7, "d": 1, "e": 0]
        #expect(DriftStatistics.topMovies(counts, k: 2) == ["c", "a"])
        #expect(DriftStatistics.topMovies(counts, k: 10) == ["c", "a", "b", "d"])  // "e" has no interactions
    }

    @Test func topShareByHand() throws {
        // total 5 + 5 + 7 + 1 = 18; top 2 = c (7) + a (5) = 12; 12 / 18 = 0.6667
        let share = try #require(DriftStatistics.topShare(["b": 5, "a": 5, "c": 7, "d": 1], k: 2))
        #expect(abs(share - 12.0 / 18.0) < 1e-15)
        #expect(DriftStatistics.topShare([:], k: 10) == nil)
    }

    @Test func overlapByHand() {
        // top 2: reference [a, b], current [b, c]; ∩ = {b}; 1 / min(2, 3, 3) = 0.5
        #expect(
            DriftStatistics.topOverlap(reference: ["a": 3, "b": 2, "c": 1], current: ["b": 5, "c": 4, "a": 1], k: 2)
                == 0.5)
        // top 100 of small windows: [a, b, c] and [a, z]; ∩ = {a}; 1 / min(100, 3, 2) = 0.5
        #expect(
            DriftStatistics.topOverlap(reference: ["a": 3, "b": 2, "c": 1], current: ["a": 1, "z": 1], k: 100) == 0.5)
        #expect(DriftStatistics.topOverlap(reference: [:], current: ["a": 1], k: 100) == nil)
    }

    @Test func activityBucketsAreLog2() {
        // 1 → 0; 2, 3 → 1; 4, 7 → 2; 8 → 3; 1024 and 5000 → 10 (the last); 0 is not counted
        let users: [Int64: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 7, 6: 8, 7: 1024, 8: 5000, 9: 0]
        #expect(DriftStatistics.activityHistogram(users) == [1, 2, 2, 1, 0, 0, 0, 0, 0, 0, 2])
    }

    @Test func medianActivity() {
        #expect(DriftStatistics.medianActivity([1: 1, 2: 3, 3: 10, 4: 0]) == 3)
        #expect(DriftStatistics.medianActivity([1: 1, 2: 3, 3: 10, 4: 20]) == 6.5)  // (3 + 10) / 2
        #expect(DriftStatistics.medianActivity([:]) == nil)
    }
}
