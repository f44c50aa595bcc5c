import AsyncHTTPClient
import Foundation
import Logging
import MovieLog
import NIOPosix
import Serving
import Store
import Synchronization

/// The experiment the demo serves: ALS against PopGenre, half the traffic each.
enum DemoExperiment {
    static let path = ".marquee/demo/experiment.json"

    /// Writes the experiment file and returns its path.
    static func write() throws -> String {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = """
            {"id": "demo-als-vs-popgenre", "salt": "demo",
             "variants": [{"name": "als", "model": "promoted:als", "weight": 50},
                          {"name": "popgenre", "model": "promoted:popgenre", "weight": 50}]}

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// `marquee serve` run inside the demo: started in a child task, ready once `/health` says so,
/// stopped gracefully (the served log written) when the demo is done.
struct DemoServer: Sendable {
    let port: Int
    let task: Task<Void, any Error>
    let stopSignal: AsyncStream<Void>.Continuation
    /// The variants `/health` reported, as one line.
    let variantsLine: String

    /// Starts the server and waits (up to a minute) until `/health` answers 200. When `port`
    /// cannot be bound (another program has it), it says so and takes a free port instead.
    static func start(
        experimentPath: String, port: Int, storeConfiguration: StoreConfiguration, logger: Logger
    ) async throws -> DemoServer {
        do {
            return try await launch(experimentPath, port, storeConfiguration, logger)
        } catch let error as DemoError where error.couldNotListen && port != 0 {
            Output.line("  port \(port) is taken; the demo's server takes a free port instead")
            return try await launch(experimentPath, 0, storeConfiguration, logger)
        }
    }

    private static func launch(
        _ experimentPath: String, _ port: Int, _ storeConfiguration: StoreConfiguration, _ logger: Logger
    ) async throws -> DemoServer {
        var configuration = ServingConfiguration(spoolDirectory: URL(fileURLWithPath: ".marquee/spool/served"))
        configuration.port = port
        configuration.configPath = URL(fileURLWithPath: experimentPath)
        configuration.accessLog = false
        configuration.registryPollInterval = .seconds(1)
        let (stopped, stopSignal) = AsyncStream<Void>.makeStream()
        let store = Store(
            configuration: storeConfiguration, logger: logger,
            eventLoopGroup: MultiThreadedEventLoopGroup(numberOfThreads: 1))
        let listening = Mutex<Int?>(nil)
        let ended = Mutex(false)
        let task = Task {
            defer { ended.withLock { $0 = true } }
            try await ServingServer.run(
                configuration, store: store, logger: logger,
                onListening: { bound in listening.withLock { $0 = bound } },
                stop: {
                    for await _ in stopped { return }
                })
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if ended.withLock({ $0 }) {
                do { try await task.value } catch {
                    throw DemoError("the server could not listen on port \(port): \(error)", couldNotListen: true)
                }
                break
            }
            if let bound = listening.withLock({ $0 }),
                let body = try? await Self.get("http://127.0.0.1:\(bound)/health"), body.status == 200
            {
                return DemoServer(port: bound, task: task, stopSignal: stopSignal, variantsLine: Self.variants(body.text))
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        stopSignal.finish()
        try await task.value
        throw DemoError("the server did not become healthy on port \(port) within a minute; see the log above")
    }

    /// Waits (up to 30 s) until the served log holds at least `count` answers since `since`.
    func waitForServedLog(atLeast count: Int, since: Timestamp, store: Store) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        var written = 0
        while ContinuousClock.now < deadline {
            written = try await store.served(
                fromMicroseconds: since.microsecondsSinceEpoch, throughMicroseconds: Int64.max / 2
            ).count
            if written >= count { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Output.line("  note: the served log holds \(written) of \(count) answers after 30 s; the rest are unattributed")
    }

    /// Stops the server gracefully and waits for it.
    func stop() async throws {
        stopSignal.yield()
        stopSignal.finish()
        try await task.value
    }

    /// Waits until the server stops on its own (Ctrl-C).
    func waitUntilStopped() async {
        _ = try? await task.value
    }

    /// What to try next.
    func tryIt(sampleUser: Int64, keepServing: Bool, experimentPath: String) -> String {
        let base = "http://127.0.0.1:\(port)"
        var lines = [
            keepServing
                ? "The server keeps running at \(base) until you press Ctrl-C. Try:"
                : "The demo's server has stopped. To serve again: marquee serve --config \(experimentPath) --port \(port) "
                    + "(with the same --database-url), then try:",
            "  curl -i \(base)/recommend/\(sampleUser)   # up to 20 movie ids; provenance in the X-Marquee-* headers",
            "  curl \(base)/health               # the experiment and each variant's model",
            "  curl \(base)/metrics              # Prometheus: requests, latency, fallbacks, served log",
            "  marquee models                               # the registry; each manifest holds its retrain verdicts",
            "  marquee retrain                              # another cycle: promotes only what beats the promoted model",
        ]
        if !keepServing { lines.append("  (make demo ARGS=--keep-serving keeps the server up)") }
        return lines.joined(separator: "\n")
    }

    private static func variants(_ health: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(health.utf8)) as? [String: Any],
            let variants = object["variants"] as? [[String: Any]]
        else { return health }
        return variants.map { "\($0["name"] ?? "?") → \($0["model"] ?? "?")" }.joined(separator: ", ")
    }

    static func get(_ url: String) async throws -> (status: Int, text: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}

/// The demo could not go on; the message says why and what to do.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    /// The server failed to bind its port.
    var couldNotListen = false
    init(_ description: String, couldNotListen: Bool = false) {
        self.description = description
        self.couldNotListen = couldNotListen
    }
}
