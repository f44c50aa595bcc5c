import ArgumentParser
import Foundation
import Quality
import Store
import Training

/// `marquee promote VERSION`.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote a candidate model (the previously promoted model of its kind is retired).")

    @Argument(help: "The model version (see `marquee models`).") var version: String
    @Flag(help: "Promote even though the gate blocks (needs --reason; recorded in the manifest).")
    var overrideGate = false
    @Option(help: "Why the blocked data is fine to serve from (with --override-gate).") var reason: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        if overrideGate, reason == nil {
            throw ValidationError("--override-gate needs --reason \"why this data is fine\"; it goes into the manifest")
        }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let retired = try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await store.migrate()
            guard let record = try await store.model(version: version) else {
                throw ValidationError("no model \(version) in the registry; `marquee models` lists them")
            }
            guard record.status != "promoted" else { return [String]() }
            let gate = try await TrainingPipeline.gate(store)
            try gate.enforce("promotion of \(version)", overrideReason: overrideGate ? reason : nil)
            let override = gate.blocking.isEmpty ? nil : reason
            return try await store.promote(version: version, overrideReason: override.map { "promote: \($0)" })
        }
        Output.line(
            "promoted \(version)" + (retired.isEmpty ? "" : "; retired \(retired.joined(separator: ", "))"))
    }
}
