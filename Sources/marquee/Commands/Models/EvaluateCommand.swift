import ArgumentParser
import Evaluation
import Foundation
import Recommenders
import Store
import Training

/// `marquee evaluate`.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Measure models offline, and variants online (watch-through rate).",
        subcommands: [EvaluateOfflineCommand.self, EvaluateOnlineCommand.self])
}

/// `marquee evaluate offline`: chronological leave-last-out, Recall/NDCG/MAP/coverage at 10 and 20.
struct EvaluateOfflineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offline",
        abstract: "Leave-last-out evaluation of registered models, ALS, PopGenre and plain popularity.",
        discussion: """
            Each user's interaction with the greatest (time, movie id) is held out; the model is fitted on the
            rest with its own parameters and ranks every movie the user has not trained on. A registered
            model (by version) is refitted on the split of the current data, never scored on data it saw.
            """)

    @Option(
        name: .customLong("model"),
        help: "A model version, or als / popgenre / popularity for default parameters (repeatable).")
    var models: [String] = []
    @Option(help: "Evaluate on MovieLens files in RecBole format in this folder instead of Postgres.")
    var recbole: String?
    @Option(help: "Also write the reports as JSON to this file.") var json: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.makeLogger()
        let requested = models.isEmpty ? ["als", "popgenre", "popularity"] : models
        let (data, specifications) = try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await store.migrate()
            let data: TrainingData
            if let recbole {
                data = try TrainingData.recBole(URL(fileURLWithPath: recbole))
            } else {
                data = try await TrainingData.postgres(store)
            }
            var specifications: [(String, ModelSpecification)] = []
            for name in requested { specifications.append((name, try await Self.specification(name, store))) }
            return (data, specifications)
        }
        guard !data.interactions.isEmpty else { throw ValidationError("there are no interactions to evaluate on") }
        let split = LeaveLastOutSplit(data.interactions)
        let index = InteractionIndex(split.training)
        var reports: [OfflineReport] = []
        for (name, specification) in specifications {
            let model = specification.fit(index, genresByMovie: data.genresByMovie)
            reports.append(OfflineEvaluator().evaluate(model, on: split, name: name))
        }
        Output.line(Self.table(reports))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(reports).write(to: URL(fileURLWithPath: json))
        }
    }

    static func specification(_ name: String, _ store: Store) async throws -> ModelSpecification {
        switch name {
        case "als": return .als(ALSConfiguration(), confidence: ConfidenceMapping())
        case "popgenre": return .popGenre(PopGenreConfiguration())
        case "popularity": return .popGenre(.plainPopularity)
        default:
            guard let record = try await store.model(version: name) else {
                throw ValidationError("no model \(name) in the registry and not als, popgenre or popularity")
            }
            return try JSONDecoder().decode(ModelManifest.self, from: Data(record.manifest.utf8)).params
        }
    }

    static func table(_ reports: [OfflineReport]) -> String {
        guard let first = reports.first else { return "" }
        var lines = [
            "leave-last-out: \(first.evaluatedUsers) users evaluated, \(first.skippedUsers) skipped (< 2 interactions), "
                + "\(first.catalogItems) movies, \(first.unknownHeldOutItems) held-out movies unseen in training",
            "model                            recall@10  ndcg@10  map@10   cov@10   recall@20  ndcg@20  map@20   cov@20",
        ]
        for report in reports {
            var line = report.model.padded(32)
            for k in [10, 20] {
                guard let m = report.metrics(at: k) else { continue }
                line += String(format: " %-10.4f %-8.4f %-8.4f %-8.4f", m.recall, m.ndcg, m.map, m.coverage)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
