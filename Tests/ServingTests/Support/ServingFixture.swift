import AsyncHTTPClient
import Foundation
import Logging
import MarqueeTesting
import NIOCore
import NIOHTTP1
import Recommenders
import Store
import Training

/// Small trained models in a test database, and `marquee serve` processes over them.
enum ServingFixture {
    /// ALS small enough to train in a blink.
    static let als = ModelSpecification.als(
        {
            var configuration = ALSConfiguration()
            configuration.factors = 8
            configuration.iterations = 6
            configuration.solver = .cholesky
            return configuration
        }(), confidence: ConfidenceMapping())

    /// 60 users × 6–9 of 40 movies each (user u watches (u·7 + 3j) mod 40), with ratings on
    /// every other movie: every user has at least 31 unwatched movies, so answers have 20 ids.
    static func rows() -> [(Int64, String, Int32, Int16?, Int64)] {
        var rows: [(Int64, String, Int32, Int16?, Int64)] = []
        for user in 0..<60 {
            for j in 0..<(6 + user % 4) {
                let movie = (user * 7 + j * 3) % 40
                rows.append(
                    (
                        Int64(user + 1), "movie+\(movie)", Int32(5 + (user + j) % 40),
                        j % 2 == 0 ? Int16(1 + (user + j) % 5) : nil, 1_700_000_000 + Int64(user * 100 + j * 10)
                    ))
            }
        }
        return rows
    }

    /// Inserts rows (user, movie, minutes, rating, first-watch seconds since 1970) into `interactions`.
    static func insert(_ rows: [(Int64, String, Int32, Int16?, Int64)], into store: Store) async throws {
        try await InteractionRows.insert(rows, into: store)
    }

    /// Trained and promoted models of both kinds.
    struct Models {
        var als: ModelManifest
        var popGenre: ModelManifest
        var directory: URL
    }

    /// Inserts the rows, trains ALS and PopGenre and promotes both.
    static func trainAndPromote(_ store: Store, alsSeed: UInt64 = 42) async throws -> Models {
        try await insert(rows(), into: store)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-serving-\(UUID())")
        var pipeline = TrainingPipeline(store: store, modelsDirectory: directory, logger: Logger(label: "marquee.test"))
        pipeline.evaluate = false
        let gate = try await TrainingPipeline.gate(store)
        let data = try await TrainingData.postgres(store)
        let als = try await pipeline.train(alsSpecification(seed: alsSeed), on: data, gate: gate, overrideReason: nil)
        let popGenre = try await pipeline.train(.popGenre(.init()), on: data, gate: gate, overrideReason: nil)
        _ = try await store.promote(version: als.manifest.version)
        _ = try await store.promote(version: popGenre.manifest.version)
        return Models(als: als.manifest, popGenre: popGenre.manifest, directory: directory)
    }

    /// Trains one more ALS model (another seed) as a candidate; returns its manifest.
    static func trainALS(_ store: Store, seed: UInt64) async throws -> ModelManifest {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-serving-\(UUID())")
        var pipeline = TrainingPipeline(store: store, modelsDirectory: directory, logger: Logger(label: "marquee.test"))
        pipeline.evaluate = false
        return try await pipeline.train(
            alsSpecification(seed: seed), on: try await TrainingData.postgres(store),
            gate: try await TrainingPipeline.gate(store), overrideReason: nil
        ).manifest
    }

    static func alsSpecification(seed: UInt64) -> ModelSpecification {
        guard case .als(var configuration, let confidence) = als else { return als }
        configuration.seed = seed
        return .als(configuration, confidence: confidence)
    }

    /// An experiment config file in a new temporary folder.
    static func configFile(_ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-exp-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("experiment.json")
        try Data(text.utf8).write(to: file)
        return file
    }

    static func experiment(id: String = "exp-1", salt: String = "s1", als: Double = 50, popGenre: Double = 50) -> String {
        """
        {"id": "\(id)", "salt": "\(salt)", "variants": [
          {"name": "als", "model": "promoted:als", "weight": \(als)},
          {"name": "popgenre", "model": "promoted:popgenre", "weight": \(popGenre)}]}
        """
    }
}

/// A running `marquee serve` child process on a free port.
struct ServerProcess: Sendable {
    static let token = "test-admin-token-7f3a"
    let process: ChildProcess
    let port: Int
    let spool: URL

    /// Starts `marquee serve` on `databaseURL` with `config` and waits until `/health` is 200.
    static func start(
        databaseURL: String, config: URL, arguments: [String] = [], spool: URL? = nil, waitForReady: Bool = true
    ) async throws -> ServerProcess {
        let spool = spool ?? FileManager.default.temporaryDirectory.appendingPathComponent("marquee-spool-\(UUID())")
        let process = try ChildProcess(
            [
                "serve", "--database-url", databaseURL, "--port", "0", "--config", config.path, "--spool-dir",
                spool.path, "--poll-seconds", "0.5", "--log-level", "warning", "--no-access-log",
            ] + arguments, environment: ["MARQUEE_ADMIN_TOKEN": token])
        guard await process.waitFor("listening on http://", timeout: .seconds(60)),
            let line = process.outputText.split(separator: "\n").first(where: { $0.contains("listening on") }),
            let port = Int(line.split(separator: ":").last ?? "")
        else {
            process.send(SIGKILL)
            throw ServingTestError("serve did not start: \(process.errorText.suffix(2000))")
        }
        let server = ServerProcess(process: process, port: port, spool: spool)
        if waitForReady {
            for _ in 0..<300 {
                if try await server.get("/health").status == 200 { return server }
                try await Task.sleep(for: .milliseconds(50))
            }
            await server.stop()
            throw ServingTestError("serve never became ready: \(process.errorText.suffix(2000))")
        }
        return server
    }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    func stop() async -> Int32 {
        process.send(SIGTERM)
        return await process.wait()
    }

    /// An answer: status, headers by lower-cased name, body.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    func get(_ path: String) async throws -> Answer { try await send(.GET, path) }

    /// The first answer to `GET path` whose `X-Marquee-Basis` is `basis`, asking again for up
    /// to 10 s (a user's interactions are read off the request path); nil if none was.
    func firstAnswer(_ path: String, basis: String) async throws -> Answer? {
        var found: Answer?
        _ = try await eventually {
            let answer = try await get(path)
            if answer.header("X-Marquee-Basis") == basis { found = answer }
            return found != nil
        }
        return found
    }

    func send(_ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = ServerProcess.token)
        async throws -> Answer
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: headers, body: String(buffer: bytes))
    }
}

struct ServingTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 50 ms for up to `seconds`; returns whether it became true.
///
/// Every wait is for something that must happen, so the default is generous: a passing test
/// returns as soon as it does. (With 10 s, a CI run on 2 cores, busy with every other suite,
/// saw the served log's first write reach Postgres too late, in a test that takes 1.6 s alone
/// and took 72 s there.)
func eventually(seconds: Double = 60, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
