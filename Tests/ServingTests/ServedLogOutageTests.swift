import Foundation
import Logging
import MarqueeTesting
import Store
import Testing

/// The served log while its PostgreSQL is stopped: answers continue, records are spooled and
/// replayed, and what cannot be kept is counted. Each test runs its own private cluster (the
/// shared one serves every other test).
@Suite struct ServedLogOutageTests {
    @Test func answersContinueWhilePostgresIsDownAndTheServedLogIsCompleteAfterItReturns() async throws {
        try await PrivateCluster.with { cluster in
            let models = try await cluster.trainAndPromote()
            _ = models
            let server = try await ServerProcess.start(
                databaseURL: cluster.url, config: try ServingFixture.configFile(ServingFixture.experiment()))
            var ids: Set<String> = []
            for user in 1...40 { ids.insert(try #require(try await server.get("/recommend/\(user)").header("X-Request-Id"))) }
            #expect(try await eventually { try await cluster.servedIDs() == ids.sorted() })

            try await cluster.stop()
            for round in 0..<300 {
                let answer = try await server.get("/recommend/\(round % 80 + 1)")
                #expect(answer.status == 200)
                ids.insert(try #require(answer.header("X-Request-Id")))
            }
            #expect(
                try await eventually(seconds: 30) { try await server.health()["spooled"] ?? 0 > 0 },
                "with Postgres down the served log should spool")
            #expect(!(server.spoolSegments().isEmpty))

            try await cluster.start()
            #expect(
                try await eventually(seconds: 30) { try await cluster.servedIDs() == ids.sorted() },
                "after Postgres is back the served log should hold every answer")
            #expect(try await eventually { server.spoolSegments().isEmpty })
            let health = try await server.health()
            #expect(health["dropped"] == 0 && health["spooled"] == 0)
            #expect(await server.stop() == 0)
        }
    }

    @Test func aFullSpoolIsCountedAndReportedAndEverythingElseArrives() async throws {
        try await PrivateCluster.with { cluster in
            _ = try await cluster.trainAndPromote()
            let server = try await ServerProcess.start(
                databaseURL: cluster.url, config: try ServingFixture.configFile(ServingFixture.experiment()),
                arguments: ["--spool-limit-mb", "0.02"])
            try await cluster.stop()
            var ids: Set<String> = []
            for round in 0..<400 { ids.insert(try #require(try await server.get("/recommend/\(round % 60 + 1)").header("X-Request-Id"))) }
            #expect(try await eventually(seconds: 30) { try await server.health()["dropped"] ?? 0 > 0 })
            try await cluster.start()
            // Records still in memory when Postgres returns may yet be written or dropped, so
            // the count of drops is read together with what is stored until the two settle.
            // Nothing may be lost silently: every answer is stored or counted as dropped. (A
            // write that times out on a loaded machine but commits anyway is both stored and
            // spooled, then dropped when the spool is full, so the sum may exceed the answers.)
            var dropped = 0
            var stored: [String] = []
            let settled = try await eventually(seconds: 60) {
                dropped = try await server.health()["dropped"] ?? -1
                stored = try await cluster.servedIDs()
                return Set(stored).isSubset(of: ids) && Set(stored).count == stored.count
                    && stored.count + dropped >= ids.count
            }
            #expect(
                settled,
                "every answer is in the served log or counted as dropped: \(stored.count) stored + \(dropped) dropped of \(ids.count)")
            let metrics = try await server.get("/metrics").body
            let exported = metrics.split(separator: "\n").first { $0.hasPrefix("marquee_served_log_dropped_total ") }
                .flatMap { Int($0.split(separator: " ").last ?? "") }
            #expect((exported ?? -1) >= dropped && dropped > 0, "the drops are exported: \(exported ?? -1) ≥ \(dropped)")
            #expect(server.process.errorText.contains("served-log spool"), "the loss is logged with its reason")
            #expect(await server.stop() == 0)
        }
    }
}

/// A PostgreSQL cluster of the test's own (scripts/pg.sh), which the test may stop and restart.
struct PrivateCluster: Sendable {
    let directory: String
    let url: String

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/pg.sh").path

    static func with(_ body: @Sendable (PrivateCluster) async throws -> Void) async throws {
        let directory = "/tmp/mq-pg-\(UInt32.random(in: 0...UInt32.max))"
        let url = try await run(["start", directory]).trimmingCharacters(in: .whitespacesAndNewlines)
        let cluster = PrivateCluster(directory: directory, url: url)
        do { try await body(cluster) } catch {
            try? await cluster.stop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        try? await cluster.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func stop() async throws { _ = try await Self.run(["stop", directory]) }
    func start() async throws { _ = try await Self.run(["start", directory]) }

    func withStore<Result: Sendable>(_ body: @Sendable (Store) async throws -> Result) async throws -> Result {
        try await Store.withStore(try StoreConfiguration(url: url), logger: Logger(label: "marquee.test")) { store in
            try await store.migrate()
            return try await body(store)
        }
    }

    func trainAndPromote() async throws -> ServingFixture.Models {
        try await withStore { try await ServingFixture.trainAndPromote($0) }
    }

    /// The served log's request ids, sorted, one per row.
    func servedIDs() async throws -> [String] { try await withStore { try await $0.servedRequestIDs() } }

    /// Runs pg.sh through posix_spawn, its output in a file (the server it starts inherits the
    /// output, so a pipe would never end), and reaps it here: Foundation's `Process` left these
    /// children unreaped when tests ran side by side.
    private static func run(_ arguments: [String]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mq-pg-\(UUID()).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = (["/bin/bash", script] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ) == 0 else {
            throw ServingTestError("could not start pg.sh \(arguments)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard (status >> 8) & 0xff == 0 else { throw ServingTestError("pg.sh \(arguments) failed: \(text)") }
        return text
    }
}

extension ServerProcess {
    /// The served-log numbers of `/health` (in_memory, spooled, dropped, written).
    func health() async throws -> [String: Int] {
        let body = try await get("/health").body
        let document = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (document?["served_log"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    func spoolSegments() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0.hasSuffix(".copy") || $0.hasSuffix(".jsonl") }
    }
}
