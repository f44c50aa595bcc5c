import Foundation
import Recommenders
import Store

/// Where the server finds models: folders given at start (`--model-dir`, loaded once) and the
/// registry in Postgres (manifest and artifact of any registered version).
struct ModelSource: Sendable {
    let store: Store
    /// Models from `--model-dir`, by version.
    let local: [String: ServingModel]

    init(store: Store, directories: [URL]) throws(ServingError) {
        self.store = store
        var local: [String: ServingModel] = [:]
        for directory in directories {
            let model = try ServingModel(directory: directory)
            local[model.version] = model
        }
        self.local = local
    }

    /// The model `version`, from the folders or else the registry.
    func load(version: String) async throws -> ServingModel {
        if let model = local[version] { return model }
        guard let record = try await store.model(version: version), let artifact = try await store.artifact(version: version)
        else {
            throw ServingError(
                .model, "no model \"\(version)\" in the registry or --model-dir; `marquee models` lists the registry")
        }
        let manifest: ModelManifest
        do { manifest = try JSONDecoder().decode(ModelManifest.self, from: Data(record.manifest.utf8)) } catch {
            throw ServingError(.model, "model \(version): its manifest in the registry is unreadable: \(error)")
        }
        return try await Self.offThePool { try ServingModel(manifest: manifest, artifact: artifact) }
    }

    /// Runs a long computation (decoding and ranking a model) on a thread of its own, so the
    /// threads that answer requests keep answering during a reload.
    static func offThePool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
