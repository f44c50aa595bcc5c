import Evaluation
import Foundation
import Recommenders
import Store

extension RetrainCycle {
    /// A promoted model, read back from the registry.
    struct Incumbent: Sendable {
        var manifest: ModelManifest
        var model: any Recommender
        var specification: ModelSpecification
    }

    /// Compares `candidate` with `incumbent` (the promoted version of its kind when the cycle
    /// began, nil when none), decides, promotes through the gate when it wins, and records the
    /// verdicts in the candidate's manifest (registry and folder).
    func decide(
        _ candidate: TrainingPipeline.Outcome, incumbent version: String?, context: Context,
        progress: (RetrainEvent) -> Void
    ) async throws -> RetrainOutcome.Kind {
        let kind = candidate.manifest.kind
        let candidateVersion = candidate.manifest.version
        progress(.comparing(kind: kind, candidate: candidateVersion, incumbent: version))
        let comparison: ModelManifest.Retrain.Comparison
        var incumbentDataTo: String?
        if let version {
            let incumbent = try await load(version)
            incumbentDataTo = incumbent.manifest.data.timeRange.to
            comparison = compare(candidate, with: incumbent)
        } else {
            comparison = alone(candidate)
        }
        var (decision, reason) = RetrainRule.decide(comparison, kind: kind, incumbentDataTo: incumbentDataTo)
        if decision == .promoted, let refusal = try await promotionRefusal(candidateVersion, kind: kind, was: version) {
            decision = .keptIncumbent
            reason = refusal
        }
        var manifest = candidate.manifest
        manifest.retrain = ModelManifest.Retrain(
            cycleID: context.cycleID, startedAt: context.startedAt, validation: context.validation,
            drift: context.drift, comparison: comparison, decision: decision, reason: reason)
        let json = try manifest.json()
        var retired: [String] = []
        if decision == .promoted {
            retired = try await store.promote(
                version: candidateVersion, manifest: String(decoding: json, as: UTF8.self))
        } else {
            try await store.updateManifest(version: candidateVersion, manifest: String(decoding: json, as: UTF8.self))
        }
        try json.write(to: candidate.directory.appendingPathComponent("manifest.json"), options: .atomic)
        logger.info(
            "retrain decided",
            metadata: [
                "retrain.cycle": "\(context.cycleID)", "model.version": "\(candidateVersion)",
                "retrain.decision": "\(decision.rawValue)", "retrain.reason": "\(reason)",
            ])
        let result = RetrainOutcome.Kind(
            kind: kind, candidate: candidateVersion, offline: candidate.manifest.metrics, comparison: comparison,
            decision: decision, reason: reason, retired: retired)
        progress(.decided(result))
        return result
    }

    /// Both models on the held-out interactions of the candidate's split that are newer than
    /// the incumbent's data (`data.time_range.to`; the manifest keeps milliseconds, so "newer"
    /// means at least 1 ms after it): interactions the incumbent never saw.
    func compare(_ candidate: TrainingPipeline.Outcome, with incumbent: Incumbent)
        -> ModelManifest.Retrain.Comparison
    {
        let metric = policy.metric.description
        guard let fit = candidate.heldOutFit else {
            return comparison(candidate: nil, incumbent: incumbent.manifest.version, value: nil, users: 0)
        }
        let after = Self.microseconds(incumbent.manifest.data.timeRange.to).map { $0 + 999 }
        let split = fit.split.restricted(toHeldOutAfter: after ?? .min)
        guard !split.heldOut.isEmpty else {
            return comparison(candidate: nil, incumbent: incumbent.manifest.version, value: nil, users: 0)
        }
        let evaluator = OfflineEvaluator(cutoffs: Array(Set([10, 20, policy.metric.k])).sorted())
        let ours = evaluator.evaluate(fit.model, on: split, name: candidate.manifest.version)
        let view = IncumbentView(
            incumbent: incumbent.model, specification: incumbent.specification, index: fit.model.index,
            users: split.heldOut.keys)
        let theirs = evaluator.evaluate(view, on: split, name: incumbent.manifest.version)
        return comparison(
            candidate: ours.flatMetrics[metric], incumbent: incumbent.manifest.version,
            value: theirs.flatMetrics[metric], users: ours.evaluatedUsers)
    }

    /// With no incumbent: the candidate's value on its whole leave-last-out split.
    func alone(_ candidate: TrainingPipeline.Outcome) -> ModelManifest.Retrain.Comparison {
        let metric = policy.metric.description
        var report = candidate.offline
        if report?.flatMetrics[metric] == nil, let fit = candidate.heldOutFit {
            report = OfflineEvaluator(cutoffs: [policy.metric.k]).evaluate(
                fit.model, on: fit.split, name: candidate.manifest.version)
        }
        return comparison(
            candidate: report?.flatMetrics[metric], incumbent: nil, value: nil, users: report?.evaluatedUsers ?? 0)
    }

    func comparison(candidate: Double?, incumbent: String?, value: Double?, users: Int)
        -> ModelManifest.Retrain.Comparison
    {
        ModelManifest.Retrain.Comparison(
            metric: policy.metric.description, candidate: candidate, incumbentVersion: incumbent, incumbent: value,
            holdoutUsers: users, minHoldoutUsers: policy.minHoldoutUsers, margin: policy.margin)
    }

    /// The promoted model `version`: its manifest and its artifact, decoded.
    func load(_ version: String) async throws -> Incumbent {
        let manifest = try await manifest(of: version)
        guard let bytes = try await store.artifact(version: version) else {
            throw RetrainError(.incumbent, "promoted model \(version) vanished from the registry during the cycle")
        }
        do {
            let decoded = try ModelArtifact.decode(bytes)
            return Incumbent(manifest: manifest, model: decoded.model, specification: decoded.specification)
        } catch {
            throw RetrainError(
                .incumbent,
                "the artifact of promoted model \(version) is unreadable (\(error)); promote another model of its "
                    + "kind (`marquee promote VERSION`) so retraining has something to compare with",
                underlying: error)
        }
    }

    /// Why a winning candidate may not be promoted after all, as `marquee promote` would refuse
    /// it: the gate closed meanwhile (a newer blocking report), or someone promoted another
    /// model of the kind during the cycle (the comparison was against the wrong one).
    private func promotionRefusal(_ version: String, kind: String, was incumbent: String?) async throws -> String? {
        let gate = try await TrainingPipeline.gate(store)
        do {
            try gate.enforce("promotion of \(version)", overrideReason: nil)
        } catch {
            return error.message
        }
        let now = try await store.promotedVersions()[kind]
        guard now == incumbent else {
            return "the promoted \(kind) model changed during the cycle (\(incumbent ?? "none") → \(now ?? "none")); "
                + "the next cycle compares with it"
        }
        return nil
    }
}
