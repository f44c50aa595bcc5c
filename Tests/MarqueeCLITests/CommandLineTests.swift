import Foundation
import MarqueeTesting
import Testing

/// The CLI as an operator meets it: bad flags and missing settings get a one-line reason
/// and a non-zero exit, before anything connects anywhere.
@Suite struct CommandLineTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
        let child = try ChildProcess(arguments, environment: environment)
        let status = await child.wait()
        return (status, child.errorText + child.outputText)
    }

    @Test(.timeLimit(.minutes(3)))
    func ingestWithoutADatabaseSaysHowToGiveOne() async throws {
        let (status, text) = try await Self.run(
            ["ingest", "--brokers", "127.0.0.1:1"], environment: ["DATABASE_URL": ""])
        #expect(status != 0)
        #expect(text.contains("--database-url"))
        #expect(text.contains("DATABASE_URL"))
    }

    @Test(.timeLimit(.minutes(3)))
    func aMalformedLibrdkafkaPropertyIsNamed() async throws {
        let (status, text) = try await Self.run([
            "ingest", "--database-url", "postgres://u@127.0.0.1:1/x", "--brokers", "127.0.0.1:1", "-X",
            "fetch.wait.max.ms",
        ])
        #expect(status != 0)
        #expect(text.contains("fetch.wait.max.ms"))
        #expect(text.contains("key=value"))
    }

    @Test(.timeLimit(.minutes(3)))
    func aBadDatabaseURLIsRejected() async throws {
        let (status, text) = try await Self.run(["migrate", "--database-url", "mysql://root@db/x"])
        #expect(status != 0)
        #expect(text.contains("postgres://"))
    }

    @Test(.timeLimit(.minutes(3)))
    func generateIsDeterministicAndProduceIngestRoundTripsAFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "marquee-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.log").path
        let second = directory.appendingPathComponent("b.log").path
        for path in [first, second] {
            let (status, text) = try await Self.run(["generate", "--lines", "5000", "--seed", "9", "--output", path])
            #expect(status == 0, "\(text)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: second))))
        #expect(a.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count == 5001)
    }

    @Test(.timeLimit(.minutes(2)))
    func ingestReadsStandardInputAndStatusShowsWhatLanded() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-\(UUID().uuidString).log")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (generated, text) = try await Self.run(["generate", "--lines", "3000", "--seed", "5", "--output", path])
        #expect(generated == 0, "\(text)")
        try await TestDatabase.withFreshDatabase { _, url in
            let ingest = try ChildProcess(["ingest", "--database-url", url, "--file", "-"], standardInput: path)
            #expect(await ingest.wait() == 0, "\(ingest.errorText)")
            #expect(ingest.outputText.hasPrefix("ingested 3000 lines"), "\(ingest.outputText)")
            let (status, report) = try await Self.run(["status", "--database-url", url])
            #expect(status == 0)
            #expect(report.contains("interactions"))
            #expect(report.contains("quarantined"))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func brokerPrintsItsAddressAndStopsOnSIGTERM() async throws {
        let broker = try ChildProcess(["broker", "--topic", "movielog", "--partitions", "2"])
        #expect(await broker.waitFor("bootstrap: 127.0.0.1:"))
        broker.send(SIGTERM)
        #expect(await broker.wait() == 0)
    }
}
