import ArgumentParser
import Foundation
import Recommenders
import Store
import Training

/// `marquee train als|popgenre`.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on the ingested interactions (or RecBole files) into the registry.",
        subcommands: [TrainALSCommand.self, TrainPopGenreCommand.self])

    /// Trains `specification` with the shared options and prints what was made.
    static func run(
        _ specification: ModelSpecification, _ options: TrainingOptions, _ database: DatabaseOptions, _ log: LogOptions
    )
        async throws
    {
        let logger = log.makeLogger()
        let outcome = try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await store.migrate()
            let data = try await options.data(store)
            var pipeline = TrainingPipeline(
                store: store, modelsDirectory: URL(fileURLWithPath: options.modelsDir), logger: logger)
            pipeline.evaluate = options.evaluate
            let gate = try await pipeline.gate(for: data)
            for check in gate.checks where check.verdict == nil {
                logger.warning(
                    "gate check missing", metadata: ["gate.check": "\(check.name)", "gate.detail": "\(check.detail)"])
            }
            let iterations = specification.iterations
            return try await pipeline.train(
                specification, on: data, gate: gate, overrideReason: options.overrideGate ? options.reason : nil
            ) { pass in
                Output.progress(
                    String(
                        format: "  iteration %2d/%d  loss %.6f  %7.1f ms", pass.iteration, iterations,
                        pass.loss ?? .nan,
                        Double(pass.duration.components.attoseconds) / 1e15
                            + Double(pass.duration.components.seconds) * 1000))
            }
        }
        Output.line(ModelsCommand.describe(outcome.manifest, directory: outcome.directory.relativePath))
    }
}

/// `marquee train als`.
struct TrainALSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "als", abstract: "Implicit-feedback ALS (Hu, Koren & Volinsky 2008) on OpenBLAS.")

    @Option(help: "Latent factors.") var factors = 64
    @Option(help: "L2 regularization λ.") var regularization: Float = 0.05
    @Option(help: "Alternating passes.") var iterations = 15
    @Option(help: "cg (a few conjugate-gradient steps per row) or cholesky (exact).") var solver = "cg"
    @Option(help: "Conjugate-gradient steps per row.") var cgSteps = 3
    @Option(help: "Seed of the initial factors.") var seed: UInt64 = 42
    @Option(help: "Threads solving rows.") var threads = 2
    @Option(help: "Confidence: base of every interaction (see ConfidenceMapping).") var confidenceBase: Float = 2
    @Option(help: "Confidence: added per ln(1 + minutes watched).") var confidencePerLogMinute: Float = 0.5
    @Option(help: "Confidence: added per rating point above 3 (taken below).") var confidencePerRatingPoint: Float = 0.5
    @OptionGroup var options: TrainingOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard factors > 0, iterations > 0, threads > 0, cgSteps > 0 else {
            throw ValidationError("--factors, --iterations, --threads and --cg-steps must be positive")
        }
        guard regularization >= 0 else { throw ValidationError("--regularization must be ≥ 0") }
        guard ["cg", "cholesky"].contains(solver) else {
            throw ValidationError("--solver \(solver): use cg or cholesky")
        }
    }

    func run() async throws {
        var configuration = ALSConfiguration()
        configuration.factors = factors
        configuration.regularization = regularization
        configuration.iterations = iterations
        configuration.solver = solver == "cholesky" ? .cholesky : .conjugateGradient(steps: cgSteps)
        configuration.seed = seed
        configuration.threads = threads
        let confidence = ConfidenceMapping(
            base: confidenceBase, perLogMinute: confidencePerLogMinute, perRatingPoint: confidencePerRatingPoint)
        try await TrainCommand.run(.als(configuration, confidence: confidence), options, database, log)
    }
}

/// `marquee train popgenre`.
struct TrainPopGenreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "popgenre", abstract: "Popularity with recency decay plus a user-genre boost.")

    @Option(help: "Half-life of the popularity decay in days (0: no decay).") var halfLifeDays: Double = 30
    @Option(help: "Weight of the user-genre boost (0: plain popularity).") var genreBoost: Float = 2
    @OptionGroup var options: TrainingOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard halfLifeDays >= 0, genreBoost >= 0 else {
            throw ValidationError("--half-life-days and --genre-boost must be ≥ 0")
        }
    }

    func run() async throws {
        let configuration = PopGenreConfiguration(
            halfLifeDays: halfLifeDays > 0 ? halfLifeDays : nil, genreBoost: genreBoost)
        try await TrainCommand.run(.popGenre(configuration), options, database, log)
    }
}

extension ModelSpecification {
    /// ALS passes (0 for PopGenre), for progress lines.
    var iterations: Int {
        if case .als(let configuration, _) = self { return configuration.iterations }
        return 0
    }
}
