import ArgumentParser
import Foundation
import Recommenders
import Store

/// `marquee models`: the registry.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the registered models, newest first, or show one model's manifest.")

    @Argument(help: "A model version: print its manifest (JSON).") var version: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.makeLogger()
        try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await store.migrate()
            if let version {
                guard let record = try await store.model(version: version) else {
                    throw ValidationError("no model \(version) in the registry; `marquee models` lists them")
                }
                Output.line(record.manifest)
                return
            }
            let records = try await store.models()
            guard !records.isEmpty else {
                Output.line("no models yet: train one with `marquee train als` or `marquee train popgenre`")
                return
            }
            Output.line(Self.table(records))
        }
    }

    /// One line per model: version, kind, status, data, code, Recall@10/@20.
    static func table(_ records: [ModelRecord]) -> String {
        let decoder = JSONDecoder()
        var lines = [
            "version                          kind      status     data          code               recall@10  recall@20"
        ]
        for record in records {
            let manifest = try? decoder.decode(ModelManifest.self, from: Data(record.manifest.utf8))
            let recall = { (k: Int) in manifest?.metrics["recall@\(k)"].map { String(format: "%.4f", $0) } ?? "-" }
            lines.append(
                [
                    record.version.padded(32), record.kind.padded(9), record.status.padded(10),
                    (manifest?.data.id ?? "?").padded(13), record.codeVersion.padded(18), recall(10).padded(10),
                    recall(20),
                ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// What `train` prints about the model it made (`promoted` when it was promoted right away).
    static func describe(_ manifest: ModelManifest, directory: String, promoted: Bool = false) -> String {
        let data = manifest.data
        let gate = [("validation", manifest.gate.validation), ("drift", manifest.gate.drift)].map { name, check in
            "\(name) \(check.verdict)" + (check.reportID.map { " (report \($0))" } ?? "")
        }
        let metrics = ["recall@10", "recall@20", "ndcg@10", "map@10", "coverage@10"].compactMap { key in
            manifest.metrics[key].map { "\(key) \(String(format: "%.4f", $0))" }
        }
        var lines = [
            "trained \(manifest.version) in \(String(format: "%.2f", manifest.training.seconds)) s "
                + "(peak RSS \(manifest.training.peakRSSBytes / 1_048_576) MiB)",
            "  data     \(data.source): \(data.rows) interactions, \(data.users) users, \(data.items) movies, "
                + "\(data.contentHash.prefix(19))…",
            "  code     \(manifest.code.version)",
            "  gate     \(gate.joined(separator: ", "))",
            "  offline  \(metrics.isEmpty ? "not measured (--no-evaluate)" : metrics.joined(separator: "  "))",
            "  files    \(directory)/model.bin (\(manifest.artifact.bytes) bytes), \(directory)/manifest.json",
            promoted
                ? "  status   promoted" : "  status   candidate; promote with: marquee promote \(manifest.version)",
        ]
        if let override = manifest.gate.override { lines.insert("  override \(override.reason)", at: 4) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string padded with spaces to at least `width` characters.
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
