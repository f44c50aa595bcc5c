import Foundation
import Ingest
import Kafka
import Logging
import MarqueeTesting
import MovieLog
import PostgresNIO
import Simulation
import Store
import Testing

/// Real `marquee ingest` processes killed with SIGKILL and restarted, or scaled out in one
/// consumer group: the tables must equal a clean single run's, nothing lost, nothing doubled.
@Suite(.serialized) struct ProcessFailureTests {
    static let generator = GeneratedStreamIngestTests.generator(lines: 60_000, seed: 23)
    /// Longer, for the kill test: an unloaded machine ingests 60,000 lines in about a tenth of a
    /// second, so the later kills (each a few batches past the last commit) could land after the
    /// end and test nothing ("the kills came too late", seen once in a full local run). Spread
    /// over 16 partitions: the embedded broker keeps only about 5 MiB per partition.
    static let longGenerator = GeneratedStreamIngestTests.generator(lines: 200_000, seed: 23)

    /// A clean, uninterrupted ingest of `stream` by one child process.
    static func cleanSnapshot(_ stream: EmbeddedStream, group: String) async throws -> TableSnapshot {
        try await TestDatabase.withFreshDatabase { store, url in
            let child = try ChildProcess(
                ["ingest", "--database-url", url, "--stop-at-end"] + stream.arguments(group: group))
            let status = await child.wait()
            #expect(status == 0, "clean ingest failed: \(child.errorText)")
            #expect(try await TruthComparison.differences(stream.truth, store) == [])
            return try await TableSnapshot.read(store)
        }
    }

    static func committedOffsets(_ store: Store) async throws -> Int64 {
        var total: Int64 = 0
        for try await next in try await store.client.query(
            "SELECT coalesce(sum(next_offset), 0)::int8 FROM ingest_offsets"
        )
        .decode(Int64.self) {
            total = next
        }
        return total
    }

    /// Waits until the committed offsets pass `minimum` (or the child exits).
    static func waitForProgress(_ store: Store, beyond minimum: Int64, child: ChildProcess) async throws -> Int64 {
        while child.isRunning {
            let committed = try await committedOffsets(store)
            if committed > minimum { return committed }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await committedOffsets(store)
    }

    @Test(.timeLimit(.minutes(5)))
    func killedAndRestartedIngestEndsWithTheSameTablesAsACleanRun() async throws {
        let stream = try EmbeddedStream(Self.longGenerator, partitions: 16)
        let clean = try await Self.cleanSnapshot(stream, group: "crash")
        let crashed = try await TestDatabase.withFreshDatabase { store, url in
            let arguments =
                ["ingest", "--database-url", url, "--batch-lines", "3000"] + stream.arguments(group: "crash")
            // 1: killed during start-up, before its first commit.
            var child = try ChildProcess(arguments)
            try await Task.sleep(for: .milliseconds(300))
            child.send(SIGKILL)
            await child.wait()
            // 2: killed right after a commit (between batches).
            child = try ChildProcess(arguments)
            var committed = try await Self.waitForProgress(store, beyond: 0, child: child)
            child.send(SIGKILL)
            await child.wait()
            // 3 and 4: killed a moment after a commit, while the next batch is being built.
            for delay in [15, 40] {
                child = try ChildProcess(arguments)
                committed = try await Self.waitForProgress(store, beyond: committed, child: child)
                try await Task.sleep(for: .milliseconds(delay))
                child.send(SIGKILL)
                await child.wait()
            }
            #expect(
                try await Self.committedOffsets(store) < Int64(stream.truth.lines),
                "the kills came too late to test anything")
            // Finally a run to the end.
            child = try ChildProcess(arguments + ["--stop-at-end"])
            #expect(await child.wait() == 0, "final ingest failed: \(child.errorText)")
            return try await TableSnapshot.read(store)
        }
        #expect(crashed.interactions == clean.interactions)
        #expect(crashed.recommendationEvents == clean.recommendationEvents)
        #expect(crashed.quarantine == clean.quarantine)
        #expect(crashed.offsets == clean.offsets)
    }

    @Test(.timeLimit(.minutes(5)))
    func sigtermFinishesTheBatchInHandExitsZeroAndARestartCompletesTheStream() async throws {
        let stream = try EmbeddedStream(Self.generator)
        try await TestDatabase.withFreshDatabase { store, url in
            let arguments =
                ["ingest", "--database-url", url, "--batch-lines", "2000", "--batch-interval-ms", "50"]
                + stream.arguments(group: "term")
            let child = try ChildProcess(arguments)
            _ = try await Self.waitForProgress(store, beyond: 0, child: child)
            child.send(SIGTERM)
            #expect(await child.wait() == 0, "SIGTERM did not end ingest cleanly: \(child.errorText)")
            #expect(child.outputText.contains("ingested "), "no final summary: \(child.outputText)")
            let stopped = try await Self.committedOffsets(store)
            #expect(stopped > 0)
            let rest = try ChildProcess(arguments + ["--stop-at-end"])
            #expect(await rest.wait() == 0, "restart failed: \(rest.errorText)")
            #expect(try await Self.committedOffsets(store) == Int64(stream.truth.lines))
            #expect(try await TruthComparison.differences(stream.truth, store) == [])
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func aSurvivorTakesOverAKilledMembersPartitionsFromTheStoredOffsets() async throws {
        let (lines, truth) = Self.generator.lines()
        let half = lines.count / 2
        let broker = try EmbeddedBroker()
        try broker.createTopic("movielog", partitions: 4)
        let kafka = KafkaConfiguration(brokers: broker.bootstrapServers, topic: "movielog", groupID: "producer")
        let producer = try KafkaProducer(configuration: kafka)
        @Sendable func publish(_ slice: ArraySlice<[UInt8]>) throws {
            for line in slice {
                try line.withUnsafeBytes { bytes in
                    try producer.send(
                        bytes, key: UnsafeRawBufferPointer(rebasing: bytes[PartitionKey.userIDRange(in: bytes)]))
                }
            }
            try producer.flush()
        }
        try publish(lines[..<half])
        let arguments =
            ["--brokers", broker.bootstrapServers, "--topic", "movielog", "--group", "scale"]
            + EmbeddedStream.fastConsumer.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
        let scaled = try await TestDatabase.withFreshDatabase { store, url in
            let ingest = ["ingest", "--database-url", url, "--batch-lines", "2000"] + arguments
            let first = try ChildProcess(ingest)
            let second = try ChildProcess(ingest)
            // Both members own partitions and have committed on all four.
            while try await Self.partitionsWithProgress(store) < 4 || !Self.bothAssigned(first, second) {
                try await Task.sleep(for: .milliseconds(50))
            }
            second.send(SIGKILL)
            await second.wait()
            try publish(lines[half...])
            while try await Self.committedOffsets(store) < Int64(lines.count) {
                #expect(first.isRunning, "the survivor died: \(first.errorText)")
                if !first.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            first.send(SIGTERM)
            #expect(await first.wait() == 0, "graceful stop failed: \(first.errorText)")
            #expect(try await TruthComparison.differences(truth, store) == [])
            return try await TableSnapshot.read(store)
        }
        let single = try await TestDatabase.withFreshDatabase { store, url in
            let child = try ChildProcess(
                ["ingest", "--database-url", url, "--stop-at-end"] + arguments.map { $0 == "scale" ? "single" : $0 })
            #expect(await child.wait() == 0, "single ingest failed: \(child.errorText)")
            return try await TableSnapshot.read(store)
        }
        #expect(scaled.interactions == single.interactions)
        #expect(scaled.recommendationEvents == single.recommendationEvents)
        #expect(scaled.quarantine == single.quarantine)
    }

    static func partitionsWithProgress(_ store: Store) async throws -> Int {
        var count = 0
        for try await value in try await store.client.query(
            "SELECT count(*)::int8 FROM ingest_offsets WHERE next_offset > 0"
        )
        .decode(Int64.self) {
            count = Int(value)
        }
        return count
    }

    static func bothAssigned(_ first: ChildProcess, _ second: ChildProcess) -> Bool {
        first.errorText.contains("partitions assigned") && second.errorText.contains("partitions assigned")
    }
}
