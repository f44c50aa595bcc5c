import Foundation
import Logging
import MarqueeTesting
import PostgresNIO
import ServiceLifecycleTestKit
import Store
import Testing

@testable import Serving

/// The served log while Postgres is slow rather than down: a write that does not come back
/// (here it waits behind a table lock) must not leave answers to pile up in memory until they
/// are dropped. Past `spillAt` they go to the spool, and once the write goes through the spool
/// is replayed and every record is stored.
@Suite struct ServedLogSpillTests {
    @Test func aStalledWriteSpillsTheBacklogToTheSpoolAndNothingIsLost() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let logger = Logger(label: "marquee.test")
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("mq-spill-\(UUID())")
            defer { try? FileManager.default.removeItem(at: spool) }
            var configuration = ServedLog.Configuration(spoolDirectory: spool)
            configuration.memoryLimit = 2_000
            configuration.spillAt = 1_000
            configuration.batchSize = 500
            // Slow, not failed: the write waits for the lock instead of timing out into the spool.
            configuration.writeTimeout = .seconds(600)
            let recorded = RecordedLog()
            let log = try ServedLog(configuration: configuration, metrics: ServingMetrics(), logger: recorded.logger())
            let state = RecommendingTests.state().0
            let records = (1...6_000).map { Self.entry($0, state: state) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await log.run(store: store) }
                try await store.client.withTransaction(logger: logger) { connection in
                    try await connection.query("LOCK TABLE served_batches IN ACCESS EXCLUSIVE MODE", logger: logger)
                    // One record, and its write waits for the lock.
                    log.append(records[0])
                    let stalled = try await eventually {
                        try await store.client.query(
                            """
                            SELECT count(*) FROM pg_stat_activity
                            WHERE datname = current_database() AND query LIKE '%INSERT INTO served_batches%'
                              AND wait_event_type = 'Lock'
                            """,
                            logger: logger
                        ).collect().first?.decode(Int.self) == 1
                    }
                    #expect(stalled, "the first write should wait behind the lock")
                    // Then 300 at a time, each time once fewer than `spillAt` records wait for a
                    // write: the buffer never reaches its limit of 2,000 unless spilling fails to
                    // empty it, which the wait then reports.
                    for chunk in stride(from: 1, to: records.count, by: 300) {
                        for record in records[chunk..<min(chunk + 300, records.count)] { log.append(record) }
                        let spilled = await eventually { log.backlog.inMemory <= 1 + 999 }
                        #expect(spilled, "with a write stalled, \(log.backlog.inMemory) records wait in memory")
                        if !spilled { break }
                    }
                    #expect(log.backlog.dropped == 0)
                    #expect(log.backlog.spooled >= 5_000, "the backlog went to the spool: \(log.backlog)")
                    #expect(log.backlog.written == 0, "the table is locked, nothing can be written yet")
                    // The stalled write is at least this slow, whatever the machine.
                    try await Task.sleep(for: .milliseconds(600))
                }
                // The lock is gone: the stalled write commits and the spool is replayed.
                let complete = await eventually(seconds: 60) {
                    log.backlog.written == records.count && log.backlog.spooled == 0
                }
                #expect(complete, "every record should be written: \(log.backlog)")
                #expect(try await store.servedRequestIDs() == records.map(\.requestID.text).sorted())
                #expect(log.backlog.dropped == 0)
                group.cancelAll()
            }
            // An operator reading the log learns that Postgres fell behind, how far, and where
            // the slow write spent its time.
            let spills = recorded.messages(containing: "records spooled while a write is in flight")
            #expect(!spills.isEmpty && spills.allSatisfy { $0.level == .notice })
            #expect(spills.compactMap { Int($0.metadata["records"] ?? "") }.reduce(0, +) >= 5_000)
            let slow = recorded.messages(containing: "served log: slow write")
            #expect(slow.contains { (Int($0.metadata["postgres_ms"] ?? "") ?? 0) >= 600 }, "\(slow)")
        }
    }

    /// A write that times out is spooled, but PostgreSQL may still commit it later. Here the first
    /// insert into `served_batches` waits 1.5 s before its transaction commits (a trigger), past
    /// the write timeout of 0.3 s: the replay of the spooled batch runs while the first write's
    /// row is not yet committed. The replay stores its batch under the same name, which the key
    /// makes it wait for and then refuse: every record is stored exactly once.
    @Test func aWriteThatTimesOutButCommitsLaterIsStoredOnce() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let logger = Logger(label: "marquee.test")
            try await store.client.query("CREATE SEQUENCE slow_commits")
            try await store.client.query(
                """
                CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF nextval('slow_commits') = 1 THEN PERFORM pg_sleep(1.5); END IF; RETURN NULL; END $$
                """)
            try await store.client.query(
                """
                CREATE TRIGGER slow_commit AFTER INSERT ON served_batches
                FOR EACH STATEMENT EXECUTE FUNCTION slow_commit()
                """)
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("mq-late-\(UUID())")
            defer { try? FileManager.default.removeItem(at: spool) }
            var configuration = ServedLog.Configuration(spoolDirectory: spool)
            configuration.writeTimeout = .milliseconds(300)
            configuration.retryInterval = .milliseconds(100)
            let log = try ServedLog(configuration: configuration, metrics: ServingMetrics(), logger: logger)
            let state = RecommendingTests.state().0
            let entries = (1...200).map { Self.entry($0, state: state) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await log.run(store: store) }
                for entry in entries { log.append(entry) }
                let complete = try await eventually(seconds: 60) {
                    let stored = try await store.servedRequestIDs().count
                    return log.backlog.spooled == 0 && log.backlog.inMemory == 0 && stored >= entries.count
                }
                #expect(complete, "every record should be written: \(log.backlog)")
                // Every write still in flight (the first, sleeping in its trigger) has ended.
                let settled = try await eventually(seconds: 30) {
                    try await store.client.query(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()
                        """, logger: logger
                    ).collect().first?.decode(Int.self) == 0
                }
                #expect(settled, "no write should still be in flight")
                #expect(try await store.servedRequestIDs() == entries.map(\.requestID.text).sorted())
                #expect(log.backlog.dropped == 0)
                group.cancelAll()
            }
        }
    }

    /// A spool left by an earlier server: COPY rows (some already stored, as after a write that
    /// timed out but committed), JSON lines as older servers wrote them (one line torn), and a
    /// segment Postgres cannot parse. What can be stored is stored once; what cannot is counted
    /// as dropped and its segment kept aside for an operator.
    @Test func segmentsFromAnEarlierServerAreReplayedAndBadOnesKeptAside() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let logger = Logger(label: "marquee.test")
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("mq-replay-\(UUID())")
            defer { try? FileManager.default.removeItem(at: spool) }
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            let copied = (1...300).map(Self.record)
            let legacy = (301...400).map(Self.record)
            try await store.insertServed(Array(copied[0..<100]))
            try Data(Store.servedCopyRows(copied).readableBytesView)
                .write(to: spool.appendingPathComponent("served-000000000000001-000000001.copy"))
            var lines = try legacy.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            lines.append(#"{"requestID": "torn"#)
            try Data((lines.joined(separator: "\n") + "\n").utf8)
                .write(to: spool.appendingPathComponent("served-000000000000002-000000002.jsonl"))
            try Data("not\ta\trow\n".utf8).write(to: spool.appendingPathComponent("served-000000000000003-000000003.copy"))

            var configuration = ServedLog.Configuration(spoolDirectory: spool)
            // Under the full suite on 2 cores, Postgres's answer to a replay (its refusal of the
            // bad segment included) took over the default 2 s; each timeout meant another attempt.
            configuration.writeTimeout = .seconds(60)
            let log = try ServedLog(configuration: configuration, metrics: ServingMetrics(), logger: logger)
            #expect(log.backlog.spooled == 300 + 101 + 1)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await log.run(store: store) }
                let replayed = await eventually { log.backlog.spooled == 0 }
                #expect(replayed, "the spool should be replayed: \(log.backlog)")
                group.cancelAll()
            }
            #expect(try await store.servedRequestIDs() == (copied + legacy).map(\.requestID).sorted())
            #expect(log.backlog.dropped == 2, "the torn line and the unparsable row are counted")
            let left = try FileManager.default.contentsOfDirectory(atPath: spool.path).sorted()
            #expect(left == ["served-000000000000002-000000002.jsonl.unreadable",
                             "served-000000000000003-000000003.copy.unreadable"])
        }
    }

    /// A server stopped gracefully while Postgres answers replays its spool before it exits, so
    /// what the next reader of the log sees is complete (here the stop comes before the first
    /// pass of the writing loop, which would otherwise replay it).
    @Test func aGracefulStopReplaysTheSpool() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("mq-stop-\(UUID())")
            defer { try? FileManager.default.removeItem(at: spool) }
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            let records = (1...50).map(Self.record)
            try Data(Store.servedCopyRows(records).readableBytesView)
                .write(to: spool.appendingPathComponent("served-000000000000001-000000001-00000000000000ab-named.copy"))
            var configuration = ServedLog.Configuration(spoolDirectory: spool)
            // On 2 cores shared with the rest of the suite, a replay took over the default 2 s.
            configuration.writeTimeout = .seconds(60)
            configuration.replayOnStop = .seconds(120)
            let log = try ServedLog(
                configuration: configuration, metrics: ServingMetrics(), logger: Logger(label: "marquee.test"))
            #expect(log.backlog.spooled == 50)
            await testGracefulShutdown { trigger in
                trigger.triggerGracefulShutdown()
                await log.run(store: store)
            }
            #expect(log.backlog.spooled == 0, "\(log.backlog)")
            #expect(try await store.servedRequestIDs() == records.map(\.requestID).sorted())
        }
    }

    /// An answer's entry, as the request path appends it.
    static func entry(_ number: Int, state: ServingState) -> ServedEntry {
        ServedEntry(
            state: state, position: 0, requestID: RequestID(prefix: 0x5b111, number: UInt64(number)),
            userID: Int64(number % 50 + 1), at: 1_795_000_000_000_000 + Int64(number), latencyMicroseconds: 100,
            list: [1, 2, 3], basis: .model, fallback: nil)
    }

    static func record(_ number: Int) -> ServedRecord {
        ServedRecord(
            requestID: "spill-\(number)", userID: Int64(number % 50 + 1), at: 1_795_000_000_000_000 + Int64(number),
            experimentID: "spill", variant: "als", modelVersion: "als-test", dataID: "data", codeVersion: "code",
            line: "1,2,3", latencyMicroseconds: 100, basis: "model", fallback: nil)
    }
}
