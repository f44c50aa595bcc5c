import Foundation
import Ingest
import MarqueeTesting
import MovieLog
import PostgresNIO
import Simulation
import Store
import Testing

/// `marquee evaluate online --stream` as a real process on a real topic and database: killed
/// with SIGKILL and restarted, it ends with the same `wtr_windows` as a run that never stopped.
@Suite(.serialized) struct WTRStreamProcessTests {
    static let generator = GeneratedStreamIngestTests.generator(lines: 40_000, seed: 31)

    /// A served answer 50 ms before every second status-200 event, variant by user parity.
    static func servedLog() -> [ServedRecord] {
        let parser = MovieLogParser(now: Timestamp(seconds: 4_000_000_000))
        var records: [ServedRecord] = []
        var seen = 0
        for line in generator.lines().lines {
            guard case .success(.recommendation(let event)) = line.withUnsafeBytes({ parser.parse($0) }),
                event.status == 200
            else { continue }
            seen += 1
            guard seen % 2 == 0 else { continue }
            records.append(
                ServedRecord(
                    requestID: "req-\(seen)", userID: event.userID, at: event.time.microsecondsSinceEpoch - 50_000,
                    experimentID: "exp", variant: event.userID % 2 == 0 ? "als" : "popgenre", modelVersion: "m",
                    dataID: "d", codeVersion: "c", line: event.items.joined, latencyMicroseconds: 900,
                    basis: "model", fallback: nil))
        }
        return records
    }

    static func committedOffsets(_ store: Store, group: String) async throws -> Int64 {
        var total: Int64 = 0
        for try await next in try await store.client.query(
            "SELECT coalesce(sum(next_offset), 0)::int8 FROM ingest_offsets WHERE group_id = \(group)"
        ).decode(Int64.self) {
            total = next
        }
        return total
    }

    @Test(.timeLimit(.minutes(5)))
    func killedAndRestartedStreamingEvaluationGivesTheCleanRunsWindows() async throws {
        let stream = try EmbeddedStream(Self.generator)
        let served = Self.servedLog()
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("wtr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: reports) }
        try await TestDatabase.withFreshDatabase { store, url in
            try await store.insertServed(served)
            // The crashed run commits more often than the clean one: the windows must not depend
            // on it, and with 40 commits the kills land before the end even on a busy machine.
            func arguments(_ group: String) -> [String] {
                ["evaluate", "online", "--stream", "--database-url", url,
                 "--batch-lines", group == "clean" ? "2500" : "1000",
                 "--json", reports.appendingPathComponent("\(group).json").path] + stream.arguments(group: group)
            }
            let clean = try ChildProcess(arguments("clean") + ["--stop-at-end"])
            #expect(await clean.wait() == 0, "clean run failed: \(clean.errorText)")
            #expect(clean.outputText.contains("verdict:"), "\(clean.outputText)")

            // Killed before its first commit, then twice right after a commit, then run to the end.
            var child = try ChildProcess(arguments("crash"))
            try await Task.sleep(for: .milliseconds(300))
            child.send(SIGKILL)
            await child.wait()
            var committed: Int64 = 0
            for delay in [0, 25] {
                child = try ChildProcess(arguments("crash"))
                while child.isRunning, try await Self.committedOffsets(store, group: "crash") <= committed {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(delay))
                child.send(SIGKILL)
                await child.wait()
                committed = try await Self.committedOffsets(store, group: "crash")
            }
            #expect(committed < Int64(stream.truth.lines), "the kills came too late to test anything")
            child = try ChildProcess(arguments("crash") + ["--stop-at-end"])
            #expect(await child.wait() == 0, "final run failed: \(child.errorText)")

            let cleanWindows = try await store.wtrWindows(groupID: "clean")
            let crashWindows = try await store.wtrWindows(groupID: "crash")
            #expect(cleanWindows.count > 10)
            #expect(crashWindows == cleanWindows)
            #expect(Set(cleanWindows.map(\.variant)) == ["", "als", "popgenre"])
            #expect(cleanWindows.reduce(0) { $0 + $1.conversions } > 100)
            #expect(try await Self.committedOffsets(store, group: "crash") == Int64(stream.truth.lines))

            // The JSON report written at the end reads the same windows.
            let report = try JSONSerialization.jsonObject(
                with: Data(contentsOf: reports.appendingPathComponent("crash.json"))) as? [String: Any]
            let overall = report?["overall"] as? [String: Any]
            #expect((overall?["events"] as? Int).map(Int64.init) == cleanWindows.reduce(0) { $0 + $1.events })
            #expect((report?["source"] as? [String: Any])?["kind"] as? String == "stream")
        }
    }
}
