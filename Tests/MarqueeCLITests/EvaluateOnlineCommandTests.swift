import Foundation
import MarqueeTesting
import Testing

/// `marquee evaluate online` from a file and from Postgres after ingest: the same counts, a
/// table, a verdict and both report files; bad arguments get a one-line reason.
@Suite struct EvaluateOnlineCommandTests {
    static func overall(_ path: URL) throws -> [String: Int] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any]
        let overall = json?["overall"] as? [String: Any] ?? [:]
        return overall.compactMapValues { $0 as? Int }.filter { ["events", "ok", "conversions"].contains($0.key) }
    }

    @Test(.timeLimit(.minutes(3)))
    func postgresAfterIngestGivesTheFilesCounts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("online-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.txt")
        let generate = try ChildProcess([
            "generate", "--lines", "20000", "--users", "200", "--movies", "150", "--seed", "12", "--output", log.path,
        ])
        #expect(await generate.wait() == 0, "\(generate.errorText)")
        let experiment = folder.appendingPathComponent("experiment.yaml")
        try "id: exp\nsalt: s\nvariants:\n  - {name: als, model: 'promoted:als', weight: 50}\n  - {name: popgenre, model: 'promoted:popgenre', weight: 50}\n"
            .write(to: experiment, atomically: true, encoding: .utf8)
        try await TestDatabase.withFreshDatabase { _, url in
            let file = try ChildProcess([
                "evaluate", "online", "--file", log.path, "--config", experiment.path, "--database-url", url,
                "--json", folder.appendingPathComponent("file.json").path,
            ])
            #expect(await file.wait() == 0, "\(file.errorText)")
            #expect(file.outputText.contains("unattributed"))
            #expect(file.outputText.contains("verdict: "))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("file.html").path))

            let ingest = try ChildProcess(["ingest", "--database-url", url, "--file", log.path])
            #expect(await ingest.wait() == 0, "\(ingest.errorText)")
            let stored = try ChildProcess([
                "evaluate", "online", "--from", "1970-01-01T00:00", "--to", "2200-01-01T00:00", "--database-url", url,
                "--json", folder.appendingPathComponent("postgres.json").path, "--html",
                folder.appendingPathComponent("postgres.html").path,
            ])
            #expect(await stored.wait() == 0, "\(stored.errorText)")
            let fromFile = try Self.overall(folder.appendingPathComponent("file.json"))
            let fromPostgres = try Self.overall(folder.appendingPathComponent("postgres.json"))
            #expect((fromFile["conversions"] ?? 0) > 50)
            #expect(fromPostgres == fromFile)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func badArgumentsAreNamed() async throws {
        for (arguments, expected) in [
            (["evaluate", "online"], "give one source"),
            (["evaluate", "online", "--file", "/nonexistent/log"], "cannot open '/nonexistent/log'"),
            (["evaluate", "online", "--file", "x", "--window", "1w"], "--window '1w'"),
            (["evaluate", "online", "--from", "yesterday"], "--from 'yesterday'"),
            (["evaluate", "online", "--file", "x", "--config", "/nonexistent.yaml"], "--config /nonexistent.yaml"),
        ] {
            let child = try ChildProcess(arguments, environment: ["DATABASE_URL": ""])
            #expect(await child.wait() != 0, "\(arguments)")
            #expect(child.errorText.contains(expected), "\(arguments): \(child.errorText)")
        }
    }
}
