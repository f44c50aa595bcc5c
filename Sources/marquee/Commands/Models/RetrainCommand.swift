import ArgumentParser
import Foundation
import Logging
import Quality
import Recommenders
import ServiceLifecycle
import Store
import Training

/// `marquee retrain`: one gated retraining cycle, or one every `--every` as a service.
struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract:
            "Validate → drift → gate → train ALS and PopGenre → promote a candidate only if it beats the promoted model.",
        discussion: """
            One cycle: validate interactions (stored like `marquee validate`); measure drift of the \
            interactions new since the promoted ALS model's data against that model's most recent data of the \
            same span (a snapshot of all interactions when there is no such model or nothing new; stored like \
            `marquee drift`); stop if the gate blocks; train ALS and PopGenre (a kind whose promoted model has \
            seen every interaction is not retrained); compare each candidate with the promoted model of its \
            kind on the leave-last-out held-out interactions newer than that model's data; promote it (through \
            the gate, like `marquee promote`) when candidate ≥ incumbent × (1 + --margin) on at least \
            --min-holdout-users users, or when nothing of its kind is promoted; record every verdict in the \
            candidate's manifest (`retrain` section); after a promotion, POST /admin/reload to --reload-url \
            (the server's registry poll picks the promotion up anyway).

            Exit codes (one-shot): 0 the cycle ran (promoted or kept), 2 the gate blocked, 1 an error. With \
            --every, cycles repeat until SIGTERM or SIGINT, which stop the current cycle at its next step; a \
            blocked or failed cycle waits for the next.
            """)

    @Option(help: "Run a cycle every DURATION (90s, 30m, 6h, 1h30m, 1d) until SIGTERM, instead of once.")
    var every: String?
    @Option(help: "Relative margin a candidate must beat the promoted model by (0.02 = 2 %).")
    var margin = 0.02
    @Option(help: "Fewest users with held-out data newer than the promoted model that a comparison needs.")
    var minHoldoutUsers = 30
    @Option(help: "Offline metric that decides: ndcg@K, recall@K, map@K or coverage@K.")
    var metric = "ndcg@20"
    @Option(help: "Reject rate of interactions above which validation blocks.")
    var maxRejectRate = 0.01
    @Option(
        help: "Drift thresholds as JSON (keys as in a drift report's `thresholds`; missing keys keep the defaults).")
    var driftThresholds: String?
    @Option(help: "ALS latent factors.") var alsFactors = 64
    @Option(help: "ALS alternating passes.") var alsIterations = 15
    @Option(help: "ALS L2 regularization λ.") var alsRegularization: Float = 0.05
    @Option(help: "PopGenre weight of the user-genre boost (0: plain popularity).") var popgenreGenreBoost: Float = 2
    @Option(help: "PopGenre half-life of the popularity decay in days (0: no decay).")
    var popgenreHalfLifeDays: Double = 30
    @Option(help: "Folder for model artifacts and manifests (one subfolder per version).")
    var modelsDir = ".marquee/models"
    @Option(help: "A running `marquee serve` (e.g. http://serve:8080) to POST /admin/reload after a promotion.")
    var reloadUrl: String?
    @Option(help: "File holding the server's admin bearer token (default: $MARQUEE_ADMIN_TOKEN).")
    var adminTokenFile: String?
    @Flag(help: "Print the outcome as JSON on standard output (progress goes to standard error).")
    var json = false
    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard margin >= 0 else { throw ValidationError("--margin must be ≥ 0 (0.02 = 2 %)") }
        guard minHoldoutUsers >= 1 else { throw ValidationError("--min-holdout-users must be at least 1") }
        guard (0...1).contains(maxRejectRate) else { throw ValidationError("--max-reject-rate must be in 0...1") }
        guard alsFactors > 0, alsIterations > 0 else {
            throw ValidationError("--als-factors and --als-iterations must be positive")
        }
        guard alsRegularization >= 0 else { throw ValidationError("--als-regularization must be ≥ 0") }
        guard popgenreGenreBoost >= 0, popgenreHalfLifeDays >= 0 else {
            throw ValidationError("--popgenre-genre-boost and --popgenre-half-life-days must be ≥ 0")
        }
        do {
            _ = try RetrainMetric(parsing: metric)
            _ = try every.map { try RetrainInterval.parse($0) }
        } catch let error as RetrainError {
            throw ValidationError(error.message)
        }
        if let reloadUrl, URL(string: reloadUrl)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--reload-url \(reloadUrl) is not an http(s) URL, e.g. http://serve:8080")
        }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let configuration = try database.configuration()
        let schema = try schemaOptions.load().schema(named: "interaction")
        let policy = try policy()
        let models = URL(fileURLWithPath: modelsDir)
        let printer = RetrainPrinter(json: json)
        if let every {
            let interval = try RetrainInterval.parse(every)
            let store = Store(configuration: configuration, logger: logger)
            let service = RetrainService(
                cycle: RetrainCycle(
                    store: store, modelsDirectory: models, schema: schema, policy: policy, logger: logger),
                every: interval, progress: { printer.event($0) }, finished: { printer.finished($0) })
            let group = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: StoreService(store: store)),
                        .init(service: MigratedRetrain(store: store, retrain: service)),
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            printer.say("marquee retrain: a cycle every \(every) (SIGTERM stops the current cycle at its next step)")
            try await group.run()
            return
        }
        do {
            let outcome = try await Store.withStore(configuration, logger: logger) { store in
                try await store.migrate()
                return try await RetrainCycle(
                    store: store, modelsDirectory: models, schema: schema, policy: policy, logger: logger
                ).run { printer.event($0) }
            }
            printer.finished(.success(outcome))
        } catch let error as RetrainError where error.code == .gateClosed {
            printer.finished(.failure(error))
            throw ExitCode(2)
        }
    }

    /// The policy from the flags.
    func policy() throws -> RetrainPolicy {
        var policy = RetrainPolicy()
        policy.maxRejectRate = maxRejectRate
        policy.margin = margin
        policy.minHoldoutUsers = minHoldoutUsers
        policy.metric = try RetrainMetric(parsing: metric)
        if let driftThresholds {
            do {
                policy.driftThresholds = try JSONDecoder().decode(
                    DriftThresholds.self, from: Data(contentsOf: URL(fileURLWithPath: driftThresholds)))
            } catch {
                throw ValidationError("--drift-thresholds \(driftThresholds) is not a usable thresholds file: \(error)")
            }
        }
        var als = ALSConfiguration()
        als.factors = alsFactors
        als.iterations = alsIterations
        als.regularization = alsRegularization
        policy.als = .als(als, confidence: ConfidenceMapping())
        policy.popGenre = .popGenre(
            PopGenreConfiguration(
                halfLifeDays: popgenreHalfLifeDays > 0 ? popgenreHalfLifeDays : nil, genreBoost: popgenreGenreBoost))
        if let reloadUrl {
            policy.reload = ServerReload(baseURL: reloadUrl, token: try AdminTokenText.read(file: adminTokenFile))
        }
        return policy
    }
}

/// Migrates once the store runs, then runs the retrain service.
struct MigratedRetrain: Service {
    let store: Store
    let retrain: RetrainService<ContinuousClock>

    func run() async throws {
        try await store.migrate()
        try await retrain.run()
    }
}
