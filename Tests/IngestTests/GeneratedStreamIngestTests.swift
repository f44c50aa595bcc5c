import Foundation
import Ingest
import Logging
import MarqueeTesting
import NIOCore
import Simulation
import Store
import Testing

/// Generated streams with every kind of dirty line, through the real broker and PostgreSQL:
/// the tables must hold exactly what the generator says it wrote.
@Suite struct GeneratedStreamIngestTests {
    static func generator(lines: Int, seed: UInt64 = 7) -> StreamGenerator {
        var configuration = StreamGenerator.Configuration()
        configuration.seed = seed
        configuration.lines = lines
        configuration.users = 300
        configuration.movies = 200
        configuration.dirtyRate = 0.05
        configuration.duplicateRate = 0.03
        return StreamGenerator(configuration: configuration)
    }

    static func ingest(_ source: any LineSource, _ store: Store, batchLines: Int = 4000) async throws -> IngestSummary {
        var configuration = IngestConfiguration()
        configuration.stopAtEnd = true
        configuration.batchLines = batchLines
        return try await IngestService(
            source: source, store: store, configuration: configuration, logger: Logger(label: "test")
        )
        .ingest()
    }

    static func temporaryFile(_ lines: [[UInt8]]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-\(UUID().uuidString).log")
            .path
        var bytes: [UInt8] = []
        for line in lines { bytes += line + [UInt8(ascii: "\n")] }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    @Test(.timeLimit(.minutes(3)))
    func kafkaStreamLandsExactlyAsGenerated() async throws {
        let stream = try EmbeddedStream(Self.generator(lines: 30_000))
        try await TestDatabase.withFreshDatabase { store, _ in
            let source = try KafkaLineSource(
                configuration: stream.configuration(group: "ingest-test"), store: store, logger: Logger(label: "test"))
            let summary = try await Self.ingest(source, store)
            #expect(summary.counters.lines == stream.truth.lines)
            #expect(summary.counters.quarantinedByRule == stream.truth.quarantinedByRule.filter { $0.value > 0 })
            #expect(summary.conflicts == 0)
            #expect(try await TruthComparison.differences(stream.truth, store) == [])
            let offsets = try await store.startOffsets(
                groupID: "ingest-test", topic: stream.topic, partitions: [0, 1, 2, 3])
            #expect(offsets.values.reduce(0, +) == Int64(stream.truth.lines))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func fileBackfillLandsExactlyAndRunningItAgainAddsNothing() async throws {
        let (lines, truth) = Self.generator(lines: 20_000, seed: 11).lines()
        let path = try Self.temporaryFile(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestDatabase.withFreshDatabase { store, _ in
            let first = try await Self.ingest(
                try FileLineSource(path: path, sourceName: "backfill", store: store), store, batchLines: 1500)
            #expect(first.counters.lines == truth.lines)
            #expect(try await TruthComparison.differences(truth, store) == [])
            let before = try await TableSnapshot.read(store)
            let again = try await Self.ingest(
                try FileLineSource(path: path, sourceName: "backfill", store: store), store)
            #expect(again.counters.lines == 0)
            #expect(try await TableSnapshot.read(store) == before)
            #expect(
                try await store.startOffsets(groupID: "file", topic: "backfill", partitions: [0]) == [
                    0: Int64(lines.count) + 1
                ])
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func sqlTextEndsInQuarantineVerbatimAndTheTablesStayIntact() async throws {
        let injection = "2025-10-01T10:00:00,5,GET /rate/x');DROP TABLE interactions;--=4"
        let lines = [
            "2025-10-01T09:00:00,5,GET /data/m/heat+1995/0.mpg",
            injection,
            "2025-10-01T09:01:00,5,GET /data/m/heat+1995/1.mpg;rm -rf /",
            "2025-10-01T09:02:00,5,recommendation request h:8082, status 500, result: $(reboot), 12 ms",
        ].map { Array($0.utf8) }
        let path = try Self.temporaryFile(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestDatabase.withFreshDatabase { store, _ in
            _ = try await Self.ingest(try FileLineSource(path: path, sourceName: "injection", store: store), store)
            let raw = try await store.client.query(#"SELECT "offset", raw, rule FROM quarantine ORDER BY 1"#)
            var quarantined: [(Int64, String, String)] = []
            for try await (offset, bytes, rule) in raw.decode((Int64, ByteBuffer, String).self) {
                quarantined.append((offset, String(buffer: bytes), rule))
            }
            #expect(quarantined.map(\.0) == [2, 3, 4])
            #expect(quarantined.first?.1 == injection)
            #expect(quarantined.map(\.2) == ["movie_id", "request", "result"])
            let summary = try await store.ingestSummary()
            #expect(summary.interactions == 1)
            #expect(summary.minutes == 1)
        }
    }
}
