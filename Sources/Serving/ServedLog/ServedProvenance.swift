import Store
import Synchronization

/// What every answer of one variant's model shares in the served log (experiment, variant,
/// model version, data id, code version), and its id in `served_provenance` once the served
/// log has looked it up: rows carry the id, not the five strings. One per variant of a
/// ``ServingState``.
final class ServedProvenance: Sendable {
    let experimentID: String
    let variant: String
    let modelVersion: String
    let dataID: String
    let codeVersion: String
    /// The `served_provenance` id; 0 until ``resolve(in:)`` has stored it.
    private let storedID = Atomic<Int32>(0)

    init(experimentID: String, variant: String, model: ServingModel) {
        self.experimentID = experimentID
        self.variant = variant
        modelVersion = model.version
        dataID = model.dataID
        codeVersion = model.codeVersion
    }

    /// The id, when looked up already.
    var id: Int32? {
        let id = storedID.load(ordering: .acquiring)
        return id == 0 ? nil : id
    }

    /// Looks the id up in `store` (adding the provenance when new), unless known.
    func resolve(in store: Store) async throws {
        guard id == nil else { return }
        let found = try await store.servedProvenanceID(
            experimentID: experimentID, variant: variant, modelVersion: modelVersion, dataID: dataID,
            codeVersion: codeVersion)
        storedID.store(found, ordering: .releasing)
    }
}
