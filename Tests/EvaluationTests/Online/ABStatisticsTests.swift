import Foundation
import Recommenders
import Testing

@testable import Evaluation

/// ABStatistics against values scipy and statsmodels computed (ab_reference.py, committed with
/// its output), and the sequential test's promise checked by simulation.
@Suite struct ABStatisticsTests {
    static func rows(_ key: String) -> [[String: Any]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ab_reference.json")
        let reference = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
        return reference[key] as? [[String: Any]] ?? []
    }
    static func proportion(_ value: Any?) -> Proportion {
        let pair = value as? [Int] ?? [0, 0]
        return Proportion(successes: pair[0], trials: pair[1])
    }
    static func number(_ row: [String: Any], _ key: String) -> Double { (row[key] as? NSNumber)?.doubleValue ?? .nan }

    @Test func wilsonIntervalsMatchStatsmodels() {
        #expect(Self.rows("wilson").count == 12)
        for row in Self.rows("wilson") {
            let p = Proportion(successes: row["successes"] as? Int ?? -1, trials: row["trials"] as? Int ?? -1)
            let interval = ABStatistics.wilson(p)
            #expect(abs(interval.lowerBound - Self.number(row, "low")) < 1e-9, "\(p)")
            #expect(abs(interval.upperBound - Self.number(row, "high")) < 1e-9, "\(p)")
        }
    }

    @Test func zTestsMatchStatsmodels() {
        #expect(Self.rows("ztest").count >= 5)
        for row in Self.rows("ztest") {
            let (z, p) = ABStatistics.zTest(Self.proportion(row["a"]), Self.proportion(row["b"]))
            #expect(abs(z - Self.number(row, "z")) < 1e-9)
            #expect(abs(p - Self.number(row, "p")) < 1e-9)
        }
    }

    @Test func differencesAndMixtureSPRTMatchTheReference() {
        #expect(Self.rows("difference").count == 5 && Self.rows("msprt").count == 5)  // (1/1 vs 0/3) has no variance
        for row in Self.rows("difference") {
            let (estimate, interval) = ABStatistics.difference(Self.proportion(row["a"]), Self.proportion(row["b"]))
            #expect(abs(estimate - Self.number(row, "estimate")) < 1e-12)
            #expect(abs(interval.lowerBound - Self.number(row, "low")) < 1e-9)
            #expect(abs(interval.upperBound - Self.number(row, "high")) < 1e-9)
        }
        for row in Self.rows("msprt") {
            let (ratio, p) = ABStatistics.mixtureSPRT(Self.proportion(row["a"]), Self.proportion(row["b"]))
            #expect(abs(ratio - Self.number(row, "ratio")) < 1e-9 * max(1, Self.number(row, "ratio")))
            #expect(abs(p - Self.number(row, "p")) < 1e-9)
        }
    }

    @Test func sampleRatioMismatchMatchesScipy() {
        #expect(Self.rows("srm").count == 6)
        for row in Self.rows("srm") {
            let counts = row["counts"] as? [Int] ?? []
            let weights = (row["weights"] as? [NSNumber] ?? []).map(\.doubleValue)
            let result = ABStatistics.sampleRatioMismatch(counts: counts, weights: weights)
            #expect(abs(result.chiSquare - Self.number(row, "chi2")) < 1e-9 * max(1, result.chiSquare))
            #expect(result.degreesOfFreedom == row["df"] as? Int)
            #expect(abs(result.pValue - Self.number(row, "p")) < 1e-9 + 1e-7 * Self.number(row, "p"), "\(counts)")
        }
    }

    @Test func normalQuantilesMatchScipy() {
        #expect(Self.rows("quantiles").count == 9)
        for row in Self.rows("quantiles") {
            #expect(abs(Normal.quantile(Self.number(row, "p")) - Self.number(row, "z")) < 1e-9)
        }
    }

    /// Over 400 A/A streams (both arms convert at 10 %) read after every batch of 100 events per
    /// arm, 40 looks each: the mSPRT's always-valid p-value falls to 0.05 in at most 5 % of the
    /// streams (plus binomial noise), while the fixed-horizon z-test read the same way does far
    /// more often.
    @Test func theSequentialTestKeepsItsFalsePositiveRateWhenPeekedAtAndTheZTestDoesNot() {
        var random = SplitMix(seed: 2026)
        var sequentialRejections = 0
        var peekedZRejections = 0
        let streams = 400
        for _ in 0..<streams {
            var a = Proportion(successes: 0, trials: 0)
            var b = Proportion(successes: 0, trials: 0)
            var alwaysValid = 1.0
            var zRejected = false
            for _ in 0..<40 {
                for _ in 0..<100 {
                    a.trials += 1
                    if random.unit() < 0.1 { a.successes += 1 }
                    b.trials += 1
                    if random.unit() < 0.1 { b.successes += 1 }
                }
                alwaysValid = ABStatistics.mixtureSPRT(a, b, tau: 0.05, previous: alwaysValid).pValue
                if ABStatistics.zTest(a, b).pValue < 0.05 { zRejected = true }
            }
            if alwaysValid <= 0.05 { sequentialRejections += 1 }
            if zRejected { peekedZRejections += 1 }
        }
        let noise = 3 * (0.05 * 0.95 / Double(streams)).squareRoot() * Double(streams)
        #expect(Double(sequentialRejections) <= 0.05 * Double(streams) + noise, "\(sequentialRejections)")
        #expect(Double(peekedZRejections) > 0.05 * Double(streams) + noise, "\(peekedZRejections)")
    }
}
