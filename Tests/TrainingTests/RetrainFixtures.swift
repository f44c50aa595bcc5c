import Foundation
import Logging
import MarqueeTesting
import Quality
import Recommenders
import Store
import Training

/// MovieLens-100K as `interactions` rows, in time order, and the models and cycles the retrain
/// tests start from.
enum RetrainFixtures {
    /// One rating as an interaction: watched `rating × 10` minutes from `at` (seconds since
    /// 1970), rated two hours later (as ``InteractionRows`` writes them).
    struct Row: Sendable {
        var user: Int64
        var movie: String
        var rating: Int16
        var at: Int64
    }

    /// Every rating of `ml-100k.inter` (movie ids `ml-<item>`), sorted by (time, user, movie).
    static let movieLens: Result<[Row], any Error> = Result {
        let text = try String(
            contentsOf: MovieLens.directory.appendingPathComponent("ml-100k.inter"), encoding: .utf8)
        var rows: [Row] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            guard fields.count >= 4, let user = Int64(fields[0]), let rating = Double(fields[2]),
                let at = Double(fields[3])
            else { continue }
            rows.append(Row(user: user, movie: "ml-\(fields[1])", rating: Int16(rating), at: Int64(at)))
        }
        return rows.sorted { ($0.at, $0.user, $0.movie) < ($1.at, $1.user, $1.movie) }
    }

    /// The first `fraction` of MovieLens in time and the rest.
    static func halves(_ fraction: Double = 0.5) throws -> (early: [Row], late: [Row]) {
        let rows = try movieLens.get()
        let cut = Int(Double(rows.count) * fraction)
        return (Array(rows[..<cut]), Array(rows[cut...]))
    }

    /// Writes `rows` into `interactions`, 5 000 per statement.
    static func insert(_ rows: [Row], into store: Store) async throws {
        let logger = Logger(label: "marquee.test")
        for start in stride(from: 0, to: rows.count, by: 5000) {
            let chunk = rows[start..<min(start + 5000, rows.count)]
            let users = chunk.map(\.user)
            let movies = chunk.map(\.movie)
            let minutes = chunk.map { Int32($0.rating) * 10 }
            let ratings = chunk.map(\.rating)
            let times = chunk.map(\.at)
            try await store.client.query(
                """
                INSERT INTO interactions (user_id, movie_id, minutes, first_watch_at, last_watch_at, rating, rated_at)
                SELECT u, m, ARRAY(SELECT generate_series(0, n - 1)), to_timestamp(t), to_timestamp(t + n * 60), r,
                       to_timestamp(t + 7200)
                FROM unnest(\(users)::int8[], \(movies)::text[], \(minutes)::int4[], \(ratings)::int2[],
                            \(times)::int8[]) AS x(u, m, n, r, t)
                """, logger: logger)
        }
    }

    /// ALS with the two knobs that matter here (loss not computed: it costs a pass).
    static func als(factors: Int, iterations: Int) -> ModelSpecification {
        var configuration = ALSConfiguration()
        configuration.factors = factors
        configuration.iterations = iterations
        configuration.computesLoss = false
        return .als(configuration, confidence: ConfidenceMapping())
    }

    /// Too small to learn much: two factors, one pass.
    static let poorALS = als(factors: 2, iterations: 1)
    /// Good enough to beat it clearly, and quick on 100 000 ratings.
    static let goodALS = als(factors: 32, iterations: 6)

    /// Trains `specification` on what `store` holds now and promotes it (as `train` + `promote`).
    static func promote(_ specification: ModelSpecification, in store: Store, directory: URL) async throws
        -> ModelManifest
    {
        var pipeline = TrainingPipeline(store: store, modelsDirectory: directory, logger: Logger(label: "marquee.test"))
        pipeline.evaluate = false
        let outcome = try await pipeline.train(
            specification, on: try await TrainingData.postgres(store), gate: try await TrainingPipeline.gate(store),
            overrideReason: nil)
        _ = try await store.promote(version: outcome.manifest.version)
        return outcome.manifest
    }

    /// The repository's `schemas/`.
    static let schemas = Result {
        try SchemaSet(
            directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("schemas"))
    }

    /// A cycle over `store` writing into a new temporary folder.
    static func cycle(_ store: Store, _ policy: RetrainPolicy, directory: URL? = nil) throws -> RetrainCycle {
        RetrainCycle(
            store: store,
            modelsDirectory: directory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                    "marquee-retrain-\(UUID())"),
            schema: try schemas.get().schema(named: "interaction"), policy: policy,
            logger: Logger(label: "marquee.test"))
    }


    /// Registry status by version.
    static func statuses(_ store: Store) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await store.models().map { ($0.version, $0.status) })
    }

    /// The registry's manifest of `version`, decoded.
    static func manifest(_ version: String, in store: Store) async throws -> ModelManifest? {
        guard let record = try await store.model(version: version) else { return nil }
        return try JSONDecoder().decode(ModelManifest.self, from: Data(record.manifest.utf8))
    }
}
