import Foundation
import Logging
import MarqueeTesting
import Quality
import Recommenders
import Store
import Synchronization
import Testing
import Training

/// A retrain cycle promotes a better model under a running `marquee serve`: requests keep
/// succeeding throughout, and the answers switch to the new model.
@Suite struct RetrainServingTests {
    @Test(.timeLimit(.minutes(3))) func aRetrainPromotionIsServedWithoutAFailedRequest() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            // The incumbent: ALS too small to learn much (two factors, one pass), and PopGenre.
            try await ServingFixture.insert(ServingFixture.rows(), into: store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-retrain-\(UUID())")
            var pipeline = TrainingPipeline(
                store: store, modelsDirectory: directory, logger: Logger(label: "marquee.test"))
            pipeline.evaluate = false
            let gate = try await TrainingPipeline.gate(store)
            let data = try await TrainingData.postgres(store)
            let old = try await pipeline.train(
                Self.als(factors: 2, iterations: 1), on: data, gate: gate, overrideReason: nil)
            let popGenre = try await pipeline.train(.popGenre(.init()), on: data, gate: gate, overrideReason: nil)
            _ = try await store.promote(version: old.manifest.version)
            _ = try await store.promote(version: popGenre.manifest.version)
            // Every user watches three more movies of their pattern, after the incumbent's data.
            try await ServingFixture.insert(Self.newRows(), into: store)

            let server = try await ServerProcess.start(
                databaseURL: url,
                config: try ServingFixture.configFile(ServingFixture.experiment(id: "retrain", popGenre: 0)))
            #expect(try await server.get("/recommend/1").header("X-Marquee-Model") == old.manifest.version)

            var policy = RetrainPolicy()
            policy.als = Self.als(factors: 8, iterations: 10)
            policy.minHoldoutUsers = 20
            // The new window (three movies per user) is unlike the old one by construction; drift
            // is not what this test is about.
            policy.driftThresholds = .neverBlocking
            policy.reload = ServerReload(baseURL: "http://127.0.0.1:\(server.port)", token: ServerProcess.token)
            let cycle = RetrainCycle(
                store: store, modelsDirectory: directory,
                schema: try SchemaSet(directory: Self.schemas).schema(named: "interaction"), policy: policy,
                logger: Logger(label: "marquee.test"))

            let stop = StopFlag()
            let traffic = Task {
                try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
                    for client in 0..<4 {
                        group.addTask {
                            var seen: [(Int, String)] = []
                            var user = client * 1000
                            while !stop.isSet {
                                user += 1
                                let answer = try await server.get("/recommend/\(user % 70 + 1)")
                                seen.append((answer.status, answer.header("X-Marquee-Model") ?? ""))
                            }
                            return seen
                        }
                    }
                    var all: [(Int, String)] = []
                    for try await part in group { all += part }
                    return all
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let outcome = try await cycle.run()
            let als = try #require(outcome.kinds.first { $0.kind == "als" })
            let candidate = try #require(als.candidate)
            let switched = try await eventually(seconds: 15) {
                try await server.get("/recommend/1").header("X-Marquee-Model") == candidate
            }
            try await Task.sleep(for: .milliseconds(300))
            stop.set()
            let results = try await traffic.value

            #expect(als.decision == .promoted, "\(als.reason)")
            #expect(
                outcome.reload?.succeeded == true && outcome.reload?.status == 200,
                "\(String(describing: outcome.reload))")
            #expect(switched, "\(server.process.errorText.suffix(2000))")
            #expect(results.count > 50)
            #expect(results.allSatisfy { $0.0 == 200 }, "non-200: \(results.filter { $0.0 != 200 }.prefix(5))")
            let versions = Set(results.map(\.1))
            #expect(versions == [old.manifest.version, candidate], "\(versions)")
            #expect(try await server.get("/recommend/2").header("X-Marquee-Model") == candidate)
            #expect(await server.stop() == 0)
        }
    }

    static func als(factors: Int, iterations: Int) -> ModelSpecification {
        var configuration = ALSConfiguration()
        configuration.factors = factors
        configuration.iterations = iterations
        configuration.solver = .cholesky
        return .als(configuration, confidence: ConfidenceMapping())
    }

    /// Three more movies per user of ``ServingFixture/rows()``'s pattern ((u·7 + 3j) mod 40),
    /// a day after its data, as rows (user, movie, minutes, rating, first-watch seconds).
    static func newRows() -> [(Int64, String, Int32, Int16?, Int64)] {
        var rows: [(Int64, String, Int32, Int16?, Int64)] = []
        for user in 0..<60 {
            let first = 6 + user % 4
            for j in first..<(first + 3) {
                let movie = "movie+\((user * 7 + j * 3) % 40)"
                rows.append((Int64(user + 1), movie, Int32(20 + j), nil, 1_700_086_400 + Int64(user * 100 + j * 10)))
            }
        }
        return rows
    }


    /// The repository's `schemas/`.
    static var schemas: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas")
    }
}

/// Tells the request loops to stop.
final class StopFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
