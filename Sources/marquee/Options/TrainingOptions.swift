import ArgumentParser
import Foundation
import Store
import Training

/// Where training data and models come from and go, and the gate override.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Train on MovieLens files in RecBole format in this folder instead of Postgres interactions.")
    var recbole: String?

    @Option(help: "Folder for model artifacts and manifests (one subfolder per version).")
    var modelsDir = ".marquee/models"

    @Flag(help: "Train even though the gate blocks (needs --reason; recorded in the manifest).")
    var overrideGate = false

    @Option(help: "Why the blocked data is fine to train on (with --override-gate).")
    var reason: String?

    @Flag(inversion: .prefixedNo, help: "Measure the model offline on a leave-last-out split first (a second fit).")
    var evaluate = true

    func validate() throws {
        if overrideGate, reason == nil {
            throw ValidationError("--override-gate needs --reason \"why this data is fine\"; it goes into the manifest")
        }
        if reason != nil, !overrideGate { throw ValidationError("--reason only goes with --override-gate") }
    }

    /// The data: the RecBole files when given, else the store's interactions.
    func data(_ store: Store) async throws -> TrainingData {
        if let recbole { return try TrainingData.recBole(URL(fileURLWithPath: recbole)) }
        return try await TrainingData.postgres(store)
    }
}
