import MovieLog
import Testing

@testable import Evaluation

/// The report's verdict on counts whose answer is known.
@Suite struct OnlineVerdictTests {
    static let plan = ExperimentPlan(id: "exp", variants: [("control", 50), ("treatment", 50)])

    /// A tally with `counts[variant] = (ok, conversions, failures)`.
    static func report(_ counts: [String: (Int, Int, Int)], plan: ExperimentPlan? = plan) -> OnlineReport {
        var tally = OnlineTally()
        for (variant, (ok, conversions, failures)) in counts {
            let arm = Arm(experimentID: "exp", variant: variant)
            for index in 0..<(ok + failures) {
                tally.record(
                    arm: arm, modelVersion: "v-\(variant)", at: Int64(index) * 1_000_000_000,
                    status: index < ok ? 200 : 0, latencyMilliseconds: 50, converted: index < conversions,
                    bucketStart: 0)
            }
        }
        return OnlineReport(
            tally: tally, plan: plan, source: .init(kind: "file", description: "test"),
            configuration: OnlineConfiguration(), generatedAt: Timestamp(seconds: 0))
    }

    @Test func aClearDifferenceNamesTheWinner() {
        let report = Self.report(["control": (5000, 1000, 0), "treatment": (5000, 1300, 0)])
        #expect(report.verdict.kind == "winner")
        #expect(report.verdict.winner == "treatment")
        #expect(report.verdict.sentence.hasPrefix("treatment beats control: WTR 26.0 % vs 20.0 %"))
        #expect(report.comparisons[0].significant)
        let reversed = Self.report(["control": (5000, 1300, 0), "treatment": (5000, 1000, 0)])
        #expect(reversed.verdict.winner == "control")
        #expect(reversed.verdict.sentence.hasPrefix("control beats treatment"))
    }

    @Test func equalRatesAskForMoreEvents() {
        let report = Self.report(["control": (1000, 200, 10), "treatment": (1000, 205, 12)])
        #expect(report.verdict.kind == "no_difference_yet")
        let needed = try! #require(report.verdict.moreEventsNeeded)
        // A 5 % relative lift on 20 % needs about 2 × 25,500 events at alpha 0.05, power 0.8.
        #expect((45_000...55_000).contains(needed + 2000))
        #expect(report.verdict.sentence.contains("need about"))
        #expect(!report.sampleRatio.flagged)
    }

    @Test func aSkewedSplitIsAnSRMWhateverTheRates() {
        let report = Self.report(["control": (6000, 600, 0), "treatment": (4000, 800, 0)])
        #expect(report.sampleRatio.flagged)
        #expect(report.verdict.kind == "srm")
        #expect(report.verdict.sentence.hasPrefix("SRM: don't trust this split"))
    }

    @Test func trafficToAZeroWeightVariantIsAnSRM() {
        let plan = ExperimentPlan(id: "exp", variants: [("control", 1), ("treatment", 1), ("off", 0)])
        let report = Self.report(
            ["control": (1000, 100, 0), "treatment": (1000, 100, 0), "off": (3, 0, 0)], plan: plan)
        #expect(report.sampleRatio.flagged)
        #expect(report.verdict.kind == "srm")
    }

    @Test func withoutAPlanTheBusiestExperimentIsComparedAndSRMIsNotChecked() {
        let report = Self.report(["a": (100, 10, 0), "b": (100, 12, 0)], plan: nil)
        #expect(report.experiment == "exp")
        #expect(report.variants.map(\.name) == ["a", "b"])
        #expect(!report.sampleRatio.checked)
    }

    @Test func noEventsSaySo() {
        #expect(Self.report([:]).verdict.kind == "no_data")
        #expect(Self.report(["control": (10, 1, 0)]).verdict.kind == "single_variant")
    }

    @Test func groupsCarryIntervalsSharesAndAvailability() {
        let report = Self.report(["control": (900, 90, 100), "treatment": (1000, 100, 0)])
        let control = report.variants[0]
        #expect(control.events == 1000)
        #expect(abs(control.failureShare - 0.1) < 1e-12)
        #expect(control.wtrLow < 0.1 && control.wtrHigh > 0.1)
        #expect(abs((control.trafficShare ?? 0) - 0.5) < 1e-12)
        #expect(control.weight == 50)
        #expect(control.modelVersions == ["v-control"])
        #expect(report.overall.events == 2000)
    }
}
