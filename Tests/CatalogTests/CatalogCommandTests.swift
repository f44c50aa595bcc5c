import Foundation
import MarqueeTesting
import Testing

/// `marquee catalog` as an operator meets it: usage errors say what to do and exit non-zero
/// before anything connects; a real run prints one summary line.
@Suite struct CatalogCommandTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
        let child = try ChildProcess(["catalog"] + arguments, environment: environment)
        let status = await child.wait()
        return (status, child.errorText + child.outputText)
    }

    static let database = ["--database-url", "postgres://u@127.0.0.1:1/x"]

    @Test(
        .timeLimit(.minutes(3)),
        arguments: [
            ([], "exactly one source"),
            (["--jsonl", "a.jsonl", "--recbole", "dir"], "exactly one source"),
            (["--jsonl", "a.jsonl", "--api", "http://h:1", "--recbole", "d"], "exactly one source"),
            (["--jsonl", "a.jsonl", "--retry-rejects"], "--retry-rejects only applies to --api"),
            (["--api", "metadata.example:8080"], "http://host:8080"),
            (["--api", "http://h:1", "--rate", "0"], "--rate must be a positive"),
            (["--api", "http://h:1", "--concurrency", "0"], "--concurrency must be at least 1"),
            (["--api", "http://h:1", "--rate", "fast"], "--rate"),
        ])
    func usageErrorsAreNamed(arguments: [String], message: String) async throws {
        let (status, text) = try await Self.run(Self.database + arguments)
        #expect(status != 0)
        #expect(text.contains(message), "\(text)")
    }

    @Test(.timeLimit(.minutes(3)))
    func withoutADatabaseItSaysHowToGiveOne() async throws {
        let (status, text) = try await Self.run(["--jsonl", "a.jsonl"], environment: ["DATABASE_URL": ""])
        #expect(status != 0)
        #expect(text.contains("--database-url") && text.contains("DATABASE_URL"))
    }

    @Test(.timeLimit(.minutes(2)))
    func aMissingFileFailsAndARealDumpPrintsItsSummary() async throws {
        let directory = try CatalogTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump = directory.appendingPathComponent("answers.jsonl")
        try Data(
            """
            {"id":"heat+1995","title":"Heat","year":1995}
            {"user_id":1,"age":"34","occupation":"writer","gender":"M"}
            {"message":"movie not found"}
            """.utf8
        ).write(to: dump)
        try await TestDatabase.withFreshDatabase { _, url in
            let (missing, text) = try await Self.run(["--database-url", url, "--jsonl", "/nonexistent/answers.jsonl"])
            #expect(missing != 0)
            #expect(text.contains("cannot open /nonexistent/answers.jsonl"), "\(text)")
            let (status, summary) = try await Self.run(["--database-url", url, "--jsonl", dump.path])
            #expect(status == 0, "\(summary)")
            #expect(
                summary.contains("movies 1 inserted, 0 updated; users 1 inserted, 0 updated; rejected 1 (not found 1)"))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theAPIPathRunsFromTheCommandLine() async throws {
        let fixtures: [String: [MetadataServer.Answer]] = [
            "/movie/heat+1995": [.status(503), .json(#"{"id":"heat+1995","title":"Heat","runtime":"170"}"#)],
            "/user/7": [.json(#"{"user_id":7,"age":40,"occupation":"engineer","gender":"F"}"#)],
        ]
        try await MetadataServer.with(fixtures) { server in
            try await TestDatabase.withFreshDatabase { store, url in
                try await MetadataAPITests.seed(store, movies: ["heat+1995"], users: [7])
                let (status, summary) = try await Self.run([
                    "--database-url", url, "--api", server.url, "--rate", "50", "--backoff-ms", "10",
                ])
                #expect(status == 0, "\(summary)")
                // heat+1995 (twice), known+2000 (the seed's movie for user 7: not found), users 1 and 7.
                #expect(summary.contains("read 4; 5 requests (1 retries)"), "\(summary)")
                #expect(summary.contains("movies 1 inserted"), "\(summary)")
                #expect(summary.contains("rejected 2 (not found 2)"), "\(summary)")
            }
        }
    }
}
