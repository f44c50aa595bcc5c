import Foundation
import Logging
import Recommenders
import Store

/// Owns reloads: resolves an experiment to loaded models, and swaps the result into the
/// ``ServingStateBox`` only when every variant has its model. A refused config or a failed
/// load leaves the previous state serving.
///
/// One reload at a time, start to finish: an actor alone would let a registry poll that began
/// before a config change resume after it and swap the old experiment back in, so every entry
/// point holds ``exclusively(_:)`` across its awaits.
public actor ServingController {
    let box: ServingStateBox
    let source: ModelSource
    /// The experiment file (`--config`); nil when the experiment only comes from the admin route.
    let configPath: URL?
    let metrics: ServingMetrics
    let logger: Logger
    /// The experiment to serve (the last accepted one), even before its models resolve.
    private var experiment: Experiment?
    /// Bytes of the config file last read, to tell a real change from a touch.
    var configBytes: Data?
    /// Why the server is not ready, when it isn't.
    private(set) var notReadyReason = "no experiment is loaded yet"
    private var cache: [String: ServingModel] = [:]
    /// Whether a reload is running, and the reloads waiting for it.
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(box: ServingStateBox, source: ModelSource, configPath: URL?, metrics: ServingMetrics, logger: Logger) {
        self.box = box
        self.source = source
        self.configPath = configPath
        self.metrics = metrics
        self.logger = logger
    }

    /// Reads the config file when it changed since the last read (or when `force`), and serves
    /// it if its models resolve. Returns a one-line summary.
    @discardableResult
    func reloadConfigFile(force: Bool = false) async throws -> String {
        try await exclusively { try await readConfigFile(force: force) }
    }

    private func readConfigFile(force: Bool) async throws -> String {
        guard let configPath else { return "no --config file" }
        let bytes: Data
        do { bytes = try Data(contentsOf: configPath) } catch {
            metrics.countReload("experiment", outcome: "refused")
            throw ServingError(.config, "cannot read the experiment config \(configPath.path): \(error.localizedDescription)")
        }
        if !force, bytes == configBytes { return "experiment config unchanged" }
        configBytes = bytes
        return try await apply(configFile: bytes, origin: configPath.path)
    }

    /// Parses, resolves and serves a config (file contents or an admin request's body).
    private func apply(configFile bytes: Data, origin: String) async throws -> String {
        let parsed: Experiment
        do { parsed = try Experiment(configFile: bytes) } catch {
            metrics.countReload("experiment", outcome: "refused")
            logger.error("experiment config refused; the previous one keeps serving", metadata: [
                "origin": "\(origin)", "reason": "\(error.message)",
            ])
            throw ServingError(.config, "\(origin): \(error.message); the previous experiment keeps serving")
        }
        do {
            let summary = try await serve(parsed)
            metrics.countReload("experiment", outcome: "applied")
            logger.notice("experiment applied", metadata: ["origin": "\(origin)", "experiment": "\(summary)"])
            return summary
        } catch {
            metrics.countReload("experiment", outcome: "refused")
            logger.error("experiment refused; the previous one keeps serving", metadata: [
                "origin": "\(origin)", "reason": "\(error)",
            ])
            throw error
        }
    }

    /// Resolves the current experiment again (a model was promoted, or an operator asked).
    @discardableResult
    func reloadModels(force: Bool = false) async throws -> String {
        try await exclusively { try await resolveAgain(force: force) }
    }

    private func resolveAgain(force: Bool) async throws -> String {
        guard let experiment else { throw ServingError(.notReady, notReadyReason) }
        let promoted = try await source.store.promotedVersions()
        if !force, let current = box.current, current.experiment == experiment, current.promoted == promoted {
            metrics.countReload("models", outcome: "unchanged")
            return "models unchanged: " + Self.summary(current)
        }
        do {
            let summary = try await serve(experiment, promoted: promoted)
            metrics.countReload("models", outcome: "applied")
            logger.notice("models reloaded", metadata: ["experiment": "\(summary)"])
            return summary
        } catch {
            metrics.countReload("models", outcome: "refused")
            throw error
        }
    }

    /// The current experiment's config as JSON, and whether it is serving.
    func describe() -> (experiment: Experiment?, ready: Bool, reason: String) {
        (experiment, box.current != nil, notReadyReason)
    }

    private func serve(_ candidate: Experiment, promoted known: [String: String]? = nil) async throws -> String {
        let promoted: [String: String]
        if let known { promoted = known } else { promoted = try await source.store.promotedVersions() }
        var models: [ServingModel] = []
        var loaded = cache
        for (position, variant) in candidate.variants.enumerated() {
            let version: String
            switch variant.model {
            case .version(let exact): version = exact
            case .promoted(let kind):
                guard let current = promoted[kind] else {
                    let reason =
                        "variants[\(position)].model \"\(variant.model)\": no \(kind) model is promoted; "
                        + "train one and run `marquee promote VERSION`, or name a version"
                    if box.current == nil { experiment = candidate; notReadyReason = reason }
                    throw ServingError(.model, reason)
                }
                version = current
            }
            if loaded[version] == nil {
                do { loaded[version] = try await source.load(version: version) } catch let error as ServingError {
                    throw ServingError(.model, "variants[\(position)].model: \(error.message)")
                }
            }
            models.append(loaded[version]!)
        }
        let state = ServingState(experiment: candidate, models: models, promoted: promoted, metrics: metrics)
        box.replace(with: state)
        experiment = candidate
        notReadyReason = ""
        let used = Set(models.map(\.version))
        cache = loaded.filter { used.contains($0.key) }
        return Self.summary(state)
    }

    /// Runs `body` with no other reload in progress (reloads queue in arrival order).
    private func exclusively<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }

    static func summary(_ state: ServingState) -> String {
        let variants = zip(state.experiment.variants, state.models).map { variant, model in
            "\(variant.name)=\(model.version) (weight \(variant.weight.formatted()))"
        }
        return "\(state.experiment.id): " + variants.joined(separator: ", ")
    }
}

extension ServingController {
    /// Serves a config sent to `PUT /admin/experiment`; when the server has a `--config` file,
    /// the file is replaced too (atomically), so a restart serves the same experiment.
    func replaceExperiment(_ bytes: Data) async throws -> String {
        try await exclusively { try await replace(with: bytes) }
    }

    private func replace(with bytes: Data) async throws -> String {
        let summary = try await apply(configFile: bytes, origin: "PUT /admin/experiment")
        if let configPath {
            do { try bytes.write(to: configPath, options: .atomic) } catch {
                logger.error("experiment applied but the config file was not rewritten", metadata: [
                    "path": "\(configPath.path)", "error": "\(error.localizedDescription)",
                ])
            }
            configBytes = bytes
        }
        return summary
    }

}
