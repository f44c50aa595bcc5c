import Evaluation
import Foundation
import Logging
import Quality
import Recommenders
import Store

/// Trains a model the way `marquee train` does: checks the gate, fits the model on the
/// leave-last-out training split to measure it offline, fits it again on all the data, and
/// writes the artifact and its manifest to the models directory and the registry.
public struct TrainingPipeline: Sendable {
    /// What a training produced.
    public struct Outcome: Sendable {
        public var manifest: ModelManifest
        /// The folder holding `model.bin` and `manifest.json`.
        public var directory: URL
        public var offline: OfflineReport?
        /// With ``TrainingPipeline/keepsHeldOutFit``: the split and the model fitted on its
        /// training part (the one `offline` measured), for scoring on other held-out subsets.
        public var heldOutFit: HeldOutFit?
    }

    /// A leave-last-out split and the model fitted on its training part.
    public struct HeldOutFit: Sendable {
        public var split: LeaveLastOutSplit
        public var model: any Recommender
    }

    public var store: Store
    public var modelsDirectory: URL
    public var logger: Logger
    /// Whether to measure the model offline first (costs a second fit). Default true.
    public var evaluate = true
    /// Whether the outcome keeps the offline evaluation's split and model (``Outcome/heldOutFit``);
    /// `retrain` compares them with the promoted model. Default false (they are dropped).
    public var keepsHeldOutFit = false

    public init(store: Store, modelsDirectory: URL, logger: Logger) {
        self.store = store
        self.modelsDirectory = modelsDirectory
        self.logger = logger
    }

    /// The gate for training on Postgres data: the newest validation of `interactions` and the
    /// newest drift report. Files carry no reports: both checks are missing.
    public func gate(for data: TrainingData) async throws -> TrainingGate {
        guard data.source == "postgres" else {
            return TrainingGate(checks: [
                GateCheck(name: "validation", verdict: nil, reportID: nil, detail: "files are not validated"),
                GateCheck(name: "drift", verdict: nil, reportID: nil, detail: "files are not checked for drift"),
            ])
        }
        return try await Self.gate(store)
    }

    /// The newest validation (of `interactions`) and drift verdicts in `store`.
    public static func gate(_ store: Store) async throws -> TrainingGate {
        func check(_ name: String, _ stored: StoredVerdict?, never: String) -> GateCheck {
            GateCheck(
                name: name, verdict: stored.flatMap { GateVerdict(rawValue: $0.verdict) }, reportID: stored?.id,
                detail: stored?.summary ?? never)
        }
        return TrainingGate(checks: [
            check("validation", try await store.latestValidation(target: "interactions"), never: "never validated"),
            check("drift", try await store.latestDrift(), never: "drift never measured"),
        ])
    }

    /// Trains `specification` on `data` through `gate` (throws ``GateError`` when it is closed
    /// and not overridden); `progress` hears each ALS pass of the final fit.
    public func train(
        _ specification: ModelSpecification, on data: TrainingData, gate: TrainingGate, overrideReason: String?,
        progress: @escaping (ALSTrainer.Progress) -> Void = { _ in }
    ) async throws -> Outcome {
        try gate.enforce("training", overrideReason: overrideReason)
        guard !data.interactions.isEmpty else {
            throw RecommenderError(.data, "there are no interactions to train on; ingest some first (`marquee ingest`)")
        }
        let clock = ContinuousClock()
        let started = clock.now
        var offline: OfflineReport?
        var heldOutFit: HeldOutFit?
        if evaluate {
            let split = LeaveLastOutSplit(data.interactions)
            let model = specification.fit(InteractionIndex(split.training), genresByMovie: data.genresByMovie)
            offline = OfflineEvaluator().evaluate(model, on: split, name: specification.kind)
            if keepsHeldOutFit { heldOutFit = HeldOutFit(split: split, model: model) }
        }
        let index = InteractionIndex(data.interactions)
        var iterations: [ModelManifest.Training.Iteration] = []
        let model = specification.fit(index, genresByMovie: data.genresByMovie) { pass in
            iterations.append(.init(loss: pass.loss, seconds: Self.seconds(pass.duration)))
            progress(pass)
        }
        let artifact = try ModelArtifact.encode(model, specification: specification)
        let seconds = Self.seconds(started.duration(to: clock.now))
        let version = Self.version(kind: specification.kind)
        let manifest = ModelManifest(
            version: version, kind: specification.kind, createdAt: Self.rfc3339(Date()), params: specification,
            data: snapshot(of: index, data),
            code: .current(),
            gate: ModelManifest.Gate(
                validation: Self.record(gate, "validation"), drift: Self.record(gate, "drift"),
                override: gate.blocking.isEmpty ? nil : overrideReason.map { .init(reason: $0) }),
            metrics: offline?.flatMetrics ?? [:],
            training: .init(seconds: seconds, peakRSSBytes: peakResidentBytes(), iterations: iterations),
            artifact: .init(file: "model.bin", bytes: artifact.count, sha256: SHA256.hex(artifact)))
        let directory = modelsDirectory.appendingPathComponent(version)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try artifact.write(to: directory.appendingPathComponent("model.bin"))
        let json = try manifest.json()
        try json.write(to: directory.appendingPathComponent("manifest.json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await store.register(
            NewModel(
                version: version, kind: specification.kind, codeVersion: manifest.code.version,
                params: String(decoding: try encoder.encode(specification), as: UTF8.self),
                dataSnapshot: String(decoding: try encoder.encode(manifest.data), as: UTF8.self),
                metrics: String(decoding: try encoder.encode(manifest.metrics), as: UTF8.self),
                manifest: String(decoding: json, as: UTF8.self), artifact: artifact))
        logger.info(
            "model trained",
            metadata: [
                "model.version": "\(version)", "model.seconds": "\(seconds)", "model.data": "\(manifest.data.id)",
            ])
        return Outcome(manifest: manifest, directory: directory, offline: offline, heldOutFit: heldOutFit)
    }

    private func snapshot(of index: InteractionIndex, _ data: TrainingData) -> ModelManifest.DataSnapshot {
        let range = index.timeRange
        return ModelManifest.DataSnapshot(
            source: data.source, tables: data.tables, offsets: data.offsets, contentHash: index.contentHash,
            rows: index.interactions.count, users: index.users, items: index.items,
            timeRange: .init(
                from: range.map { Self.rfc3339(microseconds: $0.lowerBound) },
                to: range.map { Self.rfc3339(microseconds: $0.upperBound) }))
    }

    private static func record(_ gate: TrainingGate, _ name: String) -> ModelManifest.Gate.Check {
        let check = gate.checks.first { $0.name == name }
        return .init(
            verdict: check?.verdict?.rawValue ?? "missing", reportID: check?.reportID,
            detail: check?.detail ?? "not checked")
    }

    /// `<kind>-<UTC time to the second>-<6 random hex digits>`: sortable and unique.
    static func version(kind: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        return "\(kind)-\(formatter.string(from: Date()))-\(String(repeating: "0", count: 6 - suffix.count))\(suffix)"
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func rfc3339(microseconds: Int64) -> String {
        rfc3339(Date(timeIntervalSince1970: Double(microseconds) / 1_000_000))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
