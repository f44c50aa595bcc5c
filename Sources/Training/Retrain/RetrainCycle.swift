import Foundation
import Logging
import Quality
import Recommenders
import Store

/// One retraining cycle, the unit of `marquee retrain`: validate → drift → gate → train ALS
/// and PopGenre → compare each candidate with the promoted model of its kind on the same
/// held-out interactions → promote it through the gate only if it wins by the margin →
/// record every verdict in its manifest → ask the server to reload.
///
/// **Validation** checks every row of `interactions` against `schemas/interaction.schema.json`
/// and stores the report, as `marquee validate` does.
///
/// **Drift** compares the interactions new since the promoted ALS model's data (current:
/// pairs first engaged with after its manifest's `data.time_range.to`) with the data that model
/// was trained on (reference: its most recent part, as long as the current window; see
/// ``RetrainDriftWindows`` for why the spans match), and stores the report as `marquee drift`
/// does. Both windows are cut from the very interactions the cycle then trains on. ALS is the
/// reference because it is the model that learns tastes from the data, and both kinds are
/// normally trained on the same data. With no promoted ALS model, or nothing newer than its
/// data, there is nothing to compare with (and an empty window blocks by itself,
/// `minimum_interactions`), so the cycle measures a snapshot of all interactions instead: what
/// `marquee demo` and a first `marquee drift` do.
///
/// **The gate** (``TrainingPipeline/gate(_:)``) reads the two reports just stored; when one
/// blocks, the cycle stops before training and throws ``RetrainError`` (`gateClosed`) naming
/// the check, its report and the fix. A cycle never overrides the gate.
///
/// **Comparison** (per kind): the candidate is the model fitted on the leave-last-out split's
/// training part (the fit `TrainingPipeline` measures offline); the incumbent is the promoted
/// model's artifact from the registry, answering as the server would (``IncumbentView``). Both
/// are scored by ``RetrainPolicy/metric`` on the held-out interactions the incumbent never saw
/// (newer than its `data.time_range.to`); ``RetrainRule`` decides.
public struct RetrainCycle: Sendable {
    public var store: Store
    /// Where candidates' folders (`model.bin`, `manifest.json`) are written.
    public var modelsDirectory: URL
    /// The schema rows of `interactions` must meet (`schemas/interaction.schema.json`).
    public var schema: JSONSchema
    public var policy: RetrainPolicy
    public var logger: Logger

    /// - Important: `store`'s ``Store/run()`` must be running and the database migrated.
    public init(store: Store, modelsDirectory: URL, schema: JSONSchema, policy: RetrainPolicy, logger: Logger) {
        self.store = store
        self.modelsDirectory = modelsDirectory
        self.schema = schema
        self.policy = policy
        self.logger = logger
    }

    /// Runs the cycle once; `progress` hears each step as it happens.
    ///
    /// A candidate that loses stays in the registry as a `candidate` (with its manifest saying
    /// why); a failed reload call is reported in the outcome and undoes nothing (the server's
    /// registry poll picks the promotion up).
    ///
    /// - Throws: ``RetrainError`` — `gateClosed` (nothing trained or promoted; its `outcome`
    ///   holds the checks), `incumbent` (the promoted model is unreadable), `abandoned` (the
    ///   task was cancelled between steps, e.g. by graceful shutdown); store and training
    ///   errors as they come.
    public func run(progress: (RetrainEvent) -> Void = { _ in }) async throws -> RetrainOutcome {
        let cycleID = TrainingPipeline.version(kind: "retrain")
        do {
            return try await run(cycleID, progress: progress)
        } catch let error as RetrainError {
            throw error
        } catch let cause where Task.isCancelled {
            // A query cut short by the cancellation: say what happened, keep the cause.
            throw Self.abandoned(cycleID, "during a step", cause: cause)
        }
    }

    private func run(_ cycleID: String, progress: (RetrainEvent) -> Void) async throws -> RetrainOutcome {
        var logger = self.logger
        logger[metadataKey: "retrain.cycle"] = "\(cycleID)"
        var context = Context(cycleID: cycleID, startedAt: TrainingPipeline.rfc3339(Date()))

        progress(.validating(table: ValidatedTable.interactions.rawValue))
        let (validation, validationID) = try await DataGate.validate(
            .interactions, in: store, schema: schema, maxRejectRate: policy.maxRejectRate)
        progress(.validated(validation, reportID: validationID))
        context.validation = .init(
            verdict: validation.verdict.rawValue, reportID: validationID, summary: validation.summary)
        try checkpoint(cycleID, after: "validation")

        // One read serves drift and training: drift is measured on exactly what is trained on.
        let data = try await TrainingData.postgres(store)
        let promoted = try await store.promotedVersions()
        let referenceModel = try await promoted["als"].asyncMap { try await manifest(of: $0) }
        context.drift = try await measureDrift(of: data, since: referenceModel, progress: progress)
        try checkpoint(cycleID, after: "the drift report")

        let gate = try await TrainingPipeline.gate(store)
        progress(.gate(gate))
        var outcome = RetrainOutcome(
            cycleID: cycleID, startedAt: context.startedAt, validation: context.validation, drift: context.drift,
            gate: .init(gate, message: nil), kinds: [])
        do {
            try gate.enforce("retraining", overrideReason: nil)
        } catch {
            let message =
                error.message + " `marquee retrain` never overrides the gate: to train and promote through it, "
                + "use `marquee train als|popgenre --override-gate --reason \"...\"` and "
                + "`marquee promote VERSION --override-gate --reason \"...\"`."
            outcome.gate.message = message
            logger.info("retrain stopped by the gate", metadata: ["retrain.gate": "\(error.message)"])
            throw RetrainError(.gateClosed, message, outcome: outcome)
        }

        var pipeline = TrainingPipeline(store: store, modelsDirectory: modelsDirectory, logger: logger)
        pipeline.keepsHeldOutFit = true
        let newest = data.interactions.lazy.map(\.at).max()
        var candidates: [String: TrainingPipeline.Outcome] = [:]
        var untouched: [String: RetrainOutcome.Kind] = [:]
        for specification in policy.specifications {
            let kind = specification.kind
            if let version = promoted[kind], let kept = try await nothingNew(kind, since: version, newest: newest) {
                untouched[kind] = kept
                continue
            }
            try checkpoint(cycleID, after: candidates.isEmpty ? "the gate" : "training")
            progress(.training(specification))
            let trained = try await pipeline.train(specification, on: data, gate: gate, overrideReason: nil)
            progress(
                .trained(
                    kind: kind, version: trained.manifest.version, seconds: trained.manifest.training.seconds,
                    offline: trained.offline))
            candidates[kind] = trained
        }

        // From here the cycle finishes: each decision is one short transaction.
        try checkpoint(cycleID, after: "training")
        for kind in policy.specifications.map(\.kind) {
            if let candidate = candidates[kind] {
                outcome.kinds.append(
                    try await decide(candidate, incumbent: promoted[kind], context: context, progress: progress))
            } else if let kept = untouched[kind] {
                progress(.decided(kept))
                outcome.kinds.append(kept)
            }
        }

        if !outcome.promoted.isEmpty, let reload = policy.reload {
            progress(.reloading(url: reload.url))
            let answer = await reload.post()
            progress(.reloaded(answer))
            outcome.reload = answer
            if !answer.succeeded {
                logger.info(
                    "reload call failed; the server's registry poll picks the promotion up",
                    metadata: ["retrain.reload": "\(answer.url)", "retrain.answer": "\(answer.message)"])
            }
        }
        outcome.finishedAt = TrainingPipeline.rfc3339(Date())
        logger.info(
            "retrain cycle done",
            metadata: [
                "retrain.promoted": "\(outcome.promoted.joined(separator: ","))",
                "retrain.kept":
                    "\(outcome.kinds.filter { $0.decision == .keptIncumbent }.map(\.kind).joined(separator: ","))",
            ])
        return outcome
    }

    /// The decision for a kind whose promoted model `version` already saw every interaction
    /// (none is newer than its data): a candidate would learn nothing new and could not be
    /// compared, so none is trained (and none piles up in the registry cycle after cycle).
    private func nothingNew(_ kind: String, since version: String, newest: Int64?) async throws -> RetrainOutcome.Kind?
    {
        let to = try await manifest(of: version).data.timeRange.to
        guard let seen = Self.microseconds(to), (newest ?? .min) <= seen + 999 else { return nil }
        return RetrainOutcome.Kind(
            kind: kind, candidate: nil, offline: [:],
            comparison: comparison(candidate: nil, incumbent: version, value: nil, users: 0), decision: .keptIncumbent,
            reason: "no interaction is newer than \(version)'s data (up to \(to ?? "?")); nothing to retrain on",
            retired: [])
    }

    /// What every model's `retrain` section shares: the cycle and its data checks.
    struct Context: Sendable {
        var cycleID: String
        var startedAt: String
        var validation = ModelManifest.Retrain.Check(verdict: "missing", reportID: nil, summary: "")
        var drift = ModelManifest.Retrain.Drift(
            verdict: "missing", reportID: nil, summary: "", mode: "snapshot", reference: nil, current: "")
    }

    /// Measures and stores drift: the promoted ALS model's recent data against the interactions
    /// new since (``RetrainDriftWindows``), or a snapshot of all interactions (see the type's
    /// documentation).
    private func measureDrift(
        of data: TrainingData, since model: ModelManifest?, progress: (RetrainEvent) -> Void
    ) async throws -> ModelManifest.Retrain.Drift {
        var windows: RetrainDriftWindows?
        let basis: String
        if let model, let from = Self.microseconds(model.data.timeRange.from),
            let to = Self.microseconds(model.data.timeRange.to)
        {
            windows = try RetrainDriftWindows(data.interactions, from: from, to: to)
            basis =
                windows == nil
                ? "no interaction is newer than \(model.version)'s data: a snapshot of all interactions"
                : "interactions new since \(model.version)'s data against its most recent data of the same span"
        } else if let model {
            basis = "\(model.version) has no data time range: a snapshot of all interactions"
        } else {
            basis = "no promoted ALS model: a snapshot of all interactions"
        }
        let reference = windows?.reference
        let current: DriftWindowSummary
        if let windows {
            progress(
                .measuringDrift(reference: windows.reference.window, current: windows.current.window, basis: basis))
            current = windows.current
        } else {
            let all = DriftWindow(label: "all interactions")
            progress(.measuringDrift(reference: nil, current: all, basis: basis))
            current = try await DataGate.interactions(in: all, store: store)
        }
        let (report, id) = try await DataGate.measureDrift(
            DriftMonitor(thresholds: policy.driftThresholds), reference: reference, current: current, store: store)
        progress(.measuredDrift(report, reportID: id))
        return .init(
            verdict: report.verdict.rawValue, reportID: id, summary: DataGate.summary(report),
            mode: report.mode.rawValue, reference: reference?.window.label, current: current.window.label)
    }

    /// The registered manifest of `version`.
    func manifest(of version: String) async throws -> ModelManifest {
        guard let record = try await store.model(version: version) else {
            throw RetrainError(.incumbent, "promoted model \(version) vanished from the registry during the cycle")
        }
        do {
            return try JSONDecoder().decode(ModelManifest.self, from: Data(record.manifest.utf8))
        } catch {
            throw RetrainError(
                .incumbent,
                "the registry's manifest of promoted model \(version) is unreadable (\(error)); promote another "
                    + "model of its kind (`marquee promote VERSION`)", underlying: error)
        }
    }

    /// Stops the cycle between two steps once its task is cancelled (graceful shutdown).
    private func checkpoint(_ cycleID: String, after step: String) throws(RetrainError) {
        guard Task.isCancelled else { return }
        throw Self.abandoned(cycleID, "after \(step)")
    }

    static func abandoned(_ cycleID: String, _ when: String, cause: (any Error)? = nil) -> RetrainError {
        RetrainError(
            .abandoned,
            "retrain cycle \(cycleID) abandoned \(when) (shutting down); a decision already recorded stands, and "
                + "every other model it trained stays a candidate", underlying: cause)
    }

    /// An RFC 3339 instant of a manifest in µs since 1970.
    static func microseconds(_ text: String?) -> Int64? {
        date(text).map { Int64(($0.timeIntervalSince1970 * 1e6).rounded()) }
    }

    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    /// An instant as `marquee drift` windows are written (RFC 3339, milliseconds, UTC).
    static func label(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
