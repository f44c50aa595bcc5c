import Foundation
import MarqueeTesting
import Quality
import Recommenders
import Store
import Testing
import Training

@Suite struct GateTests {
    static let blockingDrift = "top10_share_delta = 0.12 > 0.08"

    @Test func aBlockingReportStopsTrainingUntilAnOverrideWithAReason() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            _ = try await store.insertValidationReport(
                target: "interactions", snapshot: "{}", inputRows: 10, rejectRows: 0, maxRejectRate: 0.01,
                verdict: "pass", summary: "reject rate 0 ≤ 0.01", report: "{}")
            let drift = try await store.insertDriftReport(
                reference: "{}", current: "{}", verdict: "block", summary: Self.blockingDrift, report: "{}")
            var pipeline = TrainingFixtures.pipeline(store)
            pipeline.evaluate = false
            let gate = try await TrainingPipeline.gate(store)
            #expect(gate.blocking.map(\.name) == ["drift"])
            let data = try await TrainingData.postgres(store)
            do {
                _ = try await pipeline.train(.popGenre(.init()), on: data, gate: gate, overrideReason: nil)
                Issue.record("training went through a blocking drift report")
            } catch let error as GateError {
                #expect(error.message.contains("drift report \(drift) blocks: top10_share_delta = 0.12 > 0.08"))
                #expect(error.message.contains("--override-gate --reason"))
            }
            #expect(try await store.models().isEmpty)
            await #expect(throws: GateError.self) {
                _ = try await pipeline.train(.popGenre(.init()), on: data, gate: gate, overrideReason: "  ")
            }
            let outcome = try await pipeline.train(
                .popGenre(.init()), on: data, gate: gate, overrideReason: "holiday spike, checked by hand")
            #expect(outcome.manifest.gate.override?.reason == "holiday spike, checked by hand")
            #expect(outcome.manifest.gate.drift.verdict == "block" && outcome.manifest.gate.drift.reportID == drift)
            #expect(outcome.manifest.gate.validation.verdict == "pass")
        }
    }

    @Test func aLaterPassingReportReopensTheGate() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            _ = try await store.insertDriftReport(
                reference: nil, current: "{}", verdict: "block", summary: Self.blockingDrift, report: "{}")
            #expect(try await TrainingPipeline.gate(store).blocking.count == 1)
            _ = try await store.insertDriftReport(
                reference: nil, current: "{}", verdict: "warn", summary: "gini_delta = 0.07 > 0.06", report: "{}")
            let gate = try await TrainingPipeline.gate(store)
            #expect(gate.blocking.isEmpty)
            #expect(throws: Never.self) { try gate.enforce("training", overrideReason: nil) }
        }
    }
}
