import Foundation
import Kafka
import MarqueeTesting
import Testing

/// The whole loop through the CLI, as an operator runs it: a simulated audience's history
/// through a Kafka-protocol broker into Postgres, a retrain cycle (validate, drift, train both
/// kinds, promote), the server, live traffic from the audience, ingest, and the online
/// evaluation. The audience is built so that ALS truly makes people watch more (the world's
/// own truth says so); the report's verdict must name it. A second stretch of traffic, from
/// other users, against two identical variants must report no difference.
@Suite struct ClosedLoopTests {
    @Test(.timeLimit(.minutes(10)))
    func theVerdictNamesTheTrulyBetterVariantAndIdenticalVariantsShowNoDifference() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broker = try EmbeddedBroker()
        try broker.createTopic("movielog", partitions: 32)
        let kafka = [
            "--brokers", broker.bootstrapServers, "--topic", "movielog", "-X", "fetch.wait.max.ms=10", "-X",
            "session.timeout.ms=6000",
        ]
        let world = ["--seed", "11", "--users", "2000", "--new-users", "0"]
        try await TestDatabase.withFreshDatabase { _, url in
            let database = ["--database-url", url]
            try await Self.run(["simulate", "--history"] + world + kafka + database)
            try await Self.run(["ingest", "--stop-at-end"] + kafka + database)
            let retrain = try await Self.run(
                ["retrain", "--models-dir", folder.appendingPathComponent("models").path] + database)
            #expect(retrain.contains("promoted als-"), "\(retrain)")
            #expect(retrain.contains("promoted popgenre-"), "\(retrain)")

            let abTest = try Self.experiment(folder, "ab.json", second: "promoted:popgenre")
            let ab = try await Self.serveTrafficAndEvaluate(
                experiment: abTest, firstCall: 0, world: world, kafka: kafka, database: database, folder: folder)
            // The world's truth: ALS's lists are more likely to make their users watch.
            #expect(ab.trueRates["als", default: 0] > ab.trueRates["popgenre", default: 1], "\(ab.truth)")
            #expect(ab.verdict["kind"] as? String == "winner", "\(ab.verdict) \(ab.events)")
            #expect(ab.verdict["winner"] as? String == "als", "\(ab.verdict) \(ab.events)")

            let identical = try Self.experiment(folder, "identical.json", second: "promoted:als")
            let aa = try await Self.serveTrafficAndEvaluate(
                experiment: identical, firstCall: 1000, world: world, kafka: kafka, database: database, folder: folder)
            #expect(aa.verdict["kind"] as? String == "no_difference_yet", "\(aa.verdict) \(aa.events)")
            #expect(aa.verdict["winner"] == nil || aa.verdict["winner"] is NSNull, "\(aa.verdict)")
        }
        withExtendedLifetime(broker) {}
    }

    /// An experiment of `als` (promoted ALS) and `other` (`second`), 50/50.
    static func experiment(_ folder: URL, _ name: String, second: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try """
        {"id": "\(name)", "salt": "loop", "variants": [
          {"name": "als", "model": "promoted:als", "weight": 50},
          {"name": "\(second == "promoted:als" ? "als-copy" : "popgenre")", "model": "\(second)", "weight": 50}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    struct Evaluated {
        var verdict: [String: Any]
        /// Status-200 events per variant and unattributed (for failure messages).
        var events: String
        var truth: String
        var trueRates: [String: Double]
    }

    /// Serves `experiment`, sends 1000 calls (numbered from `firstCall`), stops the server (its
    /// served log written), ingests, and evaluates online over the traffic's time.
    static func serveTrafficAndEvaluate(
        experiment: String, firstCall: Int, world: [String], kafka: [String], database: [String], folder: URL
    ) async throws -> Evaluated {
        let from = Date().addingTimeInterval(-1)
        let server = try ChildProcess(
            ["serve", "--config", experiment, "--port", "0", "--no-access-log", "--poll-seconds", "1",
             "--spool-dir", folder.appendingPathComponent("spool").path] + database)
        #expect(await server.waitFor("listening on http://127.0.0.1:"), "\(server.errorText)")
        let port = server.outputText.split(separator: ":").last.map { String($0.prefix { $0.isNumber }) } ?? ""
        let traffic = try await Self.run(
            ["simulate", "--service", "http://127.0.0.1:\(port)", "--requests", "1000", "--rate", "300",
             "--first-call", "\(firstCall)"] + world + kafka)
        server.send(SIGTERM)
        #expect(await server.wait() == 0, "\(server.errorText)")
        try await Self.run(["ingest", "--stop-at-end"] + kafka + database)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let json = folder.appendingPathComponent("\(UUID().uuidString).json")
        try await Self.run(
            ["evaluate", "online", "--from", formatter.string(from: from), "--to",
             formatter.string(from: Date().addingTimeInterval(1)), "--config", experiment, "--json", json.path]
                + database)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
        var rates: [String: Double] = [:]
        for line in traffic.split(separator: "\n") where line.contains("true rate") {
            let words = line.split(separator: " ")
            if let index = words.firstIndex(of: "rate"), index + 1 < words.count, let rate = Double(words[index + 1]) {
                rates[String(words[0])] = rate
            }
        }
        let arms = (report["variants"] as? [[String: Any]] ?? []) + [report["unattributed"] as? [String: Any] ?? [:]]
        let events = arms.map { "\($0["name"] ?? "?"): \($0["ok"] ?? "?") ok of \($0["events"] ?? "?")" }
        return Evaluated(
            verdict: report["verdict"] as? [String: Any] ?? [:], events: events.joined(separator: ", "), truth: traffic,
            trueRates: rates)
    }

    /// Runs `marquee arguments` to the end and returns what it printed; a non-zero exit fails.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        let child = try ChildProcess(arguments)
        let status = await child.wait()
        let text = child.outputText + child.errorText
        try #require(status == 0, "marquee \(arguments.prefix(2).joined(separator: " ")) exited \(status): \(text)")
        return text
    }
}
