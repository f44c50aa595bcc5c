import Foundation
import MarqueeTesting
import PostgresNIO
import Testing

@testable import Store

/// The served log's two writes, a batch of binary arrays for fresh records and the replay of COPY
/// rows from the spool, store the same thing, whatever the text holds, and each batch once.
@Suite struct StoreServedCopyTests {
    static func record(_ id: String, user: Int64, at: Int64, items: [String], fallback: String?) -> ServedRecord {
        ServedRecord(
            requestID: id, userID: user, at: at, experimentID: "exp\twith tab", variant: "als\\back",
            modelVersion: "als-1\nline", dataID: "d\"q", codeVersion: "c\r1", line: items.joined(separator: ","),
            latencyMicroseconds: 1234, basis: "model", fallback: fallback)
    }

    static let records = [
        Self.record("r1", user: 7, at: 1_764_010_000_123_456, items: ["a+1999", "b\"quoted", "c\\slash", "{brace}", "t\tab\nline", "é"], fallback: nil),
        Self.record("r2", user: 7, at: 1_764_010_001_000_000, items: [], fallback: "deadline"),
        Self.record("r3", user: 7, at: -1, items: ["NULL", "x y"], fallback: nil),  // 1969-12-31 23:59:59.999999
        Self.record("r4", user: 7, at: 951_782_400_000_001, items: ["leap"], fallback: nil),  // 2000-02-29
    ]

    @Test func replayedRecordsReadBackExactlyAndAReplayAddsNothingTwice() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await store.replayServed(rows: Store.servedCopyRows(Self.records), .unnamed)
            #expect(try await store.served(userID: 7) == Self.records.sorted { $0.at < $1.at })
            #expect(try await Self.items(store) == Dictionary(uniqueKeysWithValues: Self.records.map { ($0.requestID, $0.items) }))
            // A replay of rows stored in part (a write that timed out but committed) adds the rest only.
            let more = Self.record("r5", user: 7, at: 1_764_010_001_000_001, items: ["z"], fallback: nil)
            try await store.replayServed(rows: Store.servedCopyRows(Self.records + [more]), .unnamed)
            #expect(try await store.servedRequestIDs() == ["r1", "r2", "r3", "r4", "r5"])
            try await store.insertServed([Self.records[0], more])
            #expect(try await store.servedRequestIDs() == ["r1", "r2", "r3", "r4", "r5"])
            #expect(try await store.served(userID: 7).last == more)
            // Every record shares one provenance: stored once.
            let provenances = try await store.client.query("SELECT count(*) FROM served_provenance").collect()
            #expect(try provenances.first?.decode(Int.self) == 1)
        }
    }

    /// A named batch is replayed once whole, without looking its rows up; a second replay of it
    /// (after a crash between replay and removal) adds nothing.
    @Test func aBatchIsReplayedOnce() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let rows = Store.servedCopyRows(Self.records)
            try await store.replayServed(rows: rows, .batch("run-1"))
            try await store.replayServed(rows: rows, .batch("run-1"))
            #expect(try await store.servedRequestIDs() == ["r1", "r2", "r3", "r4"])
            // Rows of an unnamed batch: found stored and skipped.
            try await store.replayServed(rows: rows, .unnamed)
            #expect(try await store.servedRequestIDs() == ["r1", "r2", "r3", "r4"])
            // A named batch's rows are not looked up: the caller's word is taken.
            try await store.replayServed(rows: Store.servedCopyRows([Self.records[0]]), .batch("run-3"))
            #expect(try await store.servedRequestIDs() == ["r1", "r1", "r2", "r3", "r4"])
        }
    }

    /// A fresh batch names the provenance by its id; it reads back as the records, and a second
    /// write of the same batch (a write that timed out, then its replay) stores nothing.
    @Test func aWrittenBatchReadsBackAsItsRecordsAndIsStoredOnce() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let first = Self.records[0]
            let id = try await store.servedProvenanceID(
                experimentID: first.experimentID, variant: first.variant, modelVersion: first.modelVersion,
                dataID: first.dataID, codeVersion: first.codeVersion)
            #expect(
                try await store.servedProvenanceID(
                    experimentID: first.experimentID, variant: first.variant, modelVersion: first.modelVersion,
                    dataID: first.dataID, codeVersion: first.codeVersion) == id, "the same provenance, the same id")
            var columns = ServedBatchColumns(batch: "run-1", capacity: Self.records.count)
            for record in Self.records {
                columns.append(
                    userID: record.userID, at: record.at, provenanceID: id,
                    latencyMicroseconds: record.latencyMicroseconds, basis: record.basis, fallback: record.fallback,
                    requestID: { $0.writeString(record.requestID) }, line: { $0.writeString(record.line) })
            }
            #expect(try await store.writeServed(columns))
            #expect(try await store.served(userID: 7) == Self.records.sorted { $0.at < $1.at })
            let span = try await store.served(
                fromMicroseconds: 951_782_400_000_001, throughMicroseconds: 1_764_010_000_123_456)
            #expect(span.map(\.requestID) == ["r4", "r1"])
            #expect(try await Self.items(store)["r1"] == Self.records[0].items)
            #expect(try await store.writeServed(columns) == false)
            try await store.replayServed(rows: Store.servedCopyRows(Self.records), .batch("run-1"))
            #expect(try await store.servedRequestIDs() == ["r1", "r2", "r3", "r4"])
            // Arrays shorter than their header declares are refused before they reach Postgres.
            var short = ServedBatchColumns(batch: "run-2", capacity: 2)
            short.append(
                userID: 1, at: 1, provenanceID: id, latencyMicroseconds: 1, basis: "model", fallback: nil,
                requestID: { $0.writeString("r9") }, line: { $0.writeString("") })
            await #expect(throws: StoreError.self) { try await store.writeServed(short) }
        }
    }

    /// ANALYZE (autovacuum runs one each time the table grows by a tenth) reads no array of the
    /// served log back: statistics are kept on the batch name and time span, which queries use.
    @Test func analyzeKeepsStatisticsOnTheBatchNameAndSpanOnly() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await store.replayServed(rows: Store.servedCopyRows(Self.records), .batch("run-1"))
            try await store.replayServed(rows: Store.servedCopyRows(Self.records), .unnamed)
            _ = try await store.client.query("ANALYZE served_batches").collect()
            let analyzed = try await store.client.query(
                "SELECT attname::text FROM pg_stats WHERE tablename = 'served_batches' ORDER BY attname"
            ).collect().map { try $0.decode(String.self) }
            #expect(analyzed == ["batch", "first_at", "last_at"])
        }
    }

    /// Migration 7 moves stored rows to compact ones, each provenance stored once, and what
    /// reads the log sees the same rows.
    @Test func migrationSevenKeepsStoredRowsAndTheirProvenance() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await store.client.query("DROP SCHEMA public CASCADE")
            try await store.client.query("CREATE SCHEMA public")
            let before = Migration.all.filter { $0.version < 7 }
            #expect(try await Migrator(client: store.client, logger: store.logger).migrate(before) == [1, 2, 3, 4, 5, 6])
            try await store.client.query(
                """
                INSERT INTO served_lines (request_id, user_id, at, experiment_id, variant, model_version, data_id,
                                          code_version, line, latency_us, basis, fallback)
                VALUES ('a', 9, '2026-11-24 10:00:00.000001+00', 'e', 'als', 'm1', 'd', 'c', 'x+1,y+2', 5, 'model', NULL),
                       ('b', 9, '2026-11-24 10:00:01+00', 'e', 'pop', 'm2', 'd', 'c', '', 6, 'cold_start', 'deadline'),
                       ('c', 9, '2026-11-24 10:00:02+00', 'e', 'als', 'm1', 'd', 'c', 'z+3', 7, 'fold_in', NULL)
                """)
            #expect(try await store.migrate() == [7, 8, 9])
            let at: Int64 = 1_795_514_400_000_000  // 2026-11-24 10:00:00 UTC
            let expected = [
                ServedRecord(
                    requestID: "a", userID: 9, at: at + 1, experimentID: "e", variant: "als", modelVersion: "m1",
                    dataID: "d", codeVersion: "c", line: "x+1,y+2", latencyMicroseconds: 5, basis: "model", fallback: nil),
                ServedRecord(
                    requestID: "b", userID: 9, at: at + 1_000_000, experimentID: "e", variant: "pop", modelVersion: "m2",
                    dataID: "d", codeVersion: "c", line: "", latencyMicroseconds: 6, basis: "cold_start",
                    fallback: "deadline"),
                ServedRecord(
                    requestID: "c", userID: 9, at: at + 2_000_000, experimentID: "e", variant: "als", modelVersion: "m1",
                    dataID: "d", codeVersion: "c", line: "z+3", latencyMicroseconds: 7, basis: "fold_in", fallback: nil),
            ]
            #expect(try await store.served(userID: 9) == expected)
            #expect(try await Self.items(store) == ["a": ["x+1", "y+2"], "b": [], "c": ["z+3"]])
            let provenances = try await store.client.query("SELECT count(*) FROM served_provenance").collect()
            #expect(try provenances.first?.decode(Int.self) == 2)
        }
    }

    /// Migration 8 moves stored rows into batches of 5,000, and names of batches replayed under
    /// migration 7 stay replayed.
    @Test func migrationEightKeepsStoredRowsAndReplayedBatches() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await store.client.query("DROP SCHEMA public CASCADE")
            try await store.client.query("CREATE SCHEMA public")
            let before = Migration.all.filter { $0.version < 8 }
            #expect(
                try await Migrator(client: store.client, logger: store.logger).migrate(before) == [1, 2, 3, 4, 5, 6, 7])
            try await store.client.query(
                """
                INSERT INTO served (request_id, user_id, at, experiment_id, variant, model_version, data_id,
                                    code_version, items, latency_us, basis, fallback)
                SELECT 'r' || n, n % 7, timestamptz '2026-11-24 10:00:00+00' + n * interval '1 ms', 'e',
                       CASE WHEN n % 3 = 0 THEN 'pop' ELSE 'als' END, 'm', 'd', 'c', ARRAY['x+' || n, 'y'], n, 'model',
                       CASE WHEN n % 5 = 0 THEN 'deadline' END
                FROM generate_series(1, 12000) n
                """)
            try await store.client.query("INSERT INTO served_batches (batch) VALUES ('run-old')")
            #expect(try await store.migrate() == [8, 9])
            let batches = try await store.client.query(
                "SELECT count(*) FROM served_batches WHERE cardinality(request_ids) > 0").collect()
            #expect(try batches.first?.decode(Int.self) == 3)
            #expect(try await store.servedRequestIDs() == (1...12000).map { "r\($0)" }.sorted())
            let user3 = try await store.served(userID: 3)
            #expect(user3.count == 1714)
            let first = try #require(user3.first)  // r3
            #expect(first.line == "x+3,y" && first.variant == "pop" && first.latencyMicroseconds == 3)
            #expect(first.at == 1_795_514_400_003_000 && first.fallback == nil)
            #expect(try await store.served(userID: 0).first { $0.requestID == "r35" }?.fallback == "deadline")
            try await store.replayServed(rows: Store.servedCopyRows([Self.records[0]]), .batch("run-old"))
            #expect(try await store.servedRequestIDs().count == 12000)
        }
    }

    /// Migration 6 keeps stored lists as the lines that were sent, and `served` still reads and
    /// takes them as arrays.
    @Test func migrationSixKeepsStoredListsAndServedStillSpeaksArrays() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            // The fresh database is migrated to the newest version: start it again from empty.
            try await store.client.query("DROP SCHEMA public CASCADE")
            try await store.client.query("CREATE SCHEMA public")
            let before = Migration.all.filter { $0.version < 6 }
            #expect(try await Migrator(client: store.client, logger: store.logger).migrate(before) == [1, 2, 3, 4, 5])
            // (Migration 7, which follows, reads the rows as migration 6 leaves them.)
            let insert: PostgresQuery = """
                INSERT INTO served (request_id, user_id, at, experiment_id, variant, model_version, data_id,
                                    code_version, items, latency_us, basis, fallback)
                VALUES ('a', 9, now(), 'e', 'als', 'm', 'd', 'c', '{x+1999,y+2000}', 5, 'model', NULL),
                       ('b', 9, now(), 'e', 'als', 'm', 'd', 'c', '{}', 5, 'cold_start', 'deadline')
                """
            try await store.client.query(insert)
            #expect(try await store.migrate() == [6, 7, 8, 9])
            #expect(try await store.served(userID: 9).map(\.line).sorted() == ["", "x+1999,y+2000"])
            #expect(try await Self.items(store) == ["a": ["x+1999", "y+2000"], "b": []])

            // SQL written against the documented table still inserts.
            try await store.client.query(
                """
                INSERT INTO served (request_id, user_id, at, experiment_id, variant, model_version, data_id,
                                    code_version, items, latency_us, basis, fallback)
                VALUES ('c', 9, now(), 'e', 'als', 'm', 'd', 'c', ARRAY['p+1', 'q+2'], 5, 'model', NULL)
                """)
            #expect(try await store.served(userID: 9).first { $0.requestID == "c" }?.line == "p+1,q+2")
            #expect(try await Self.items(store)["c"] == ["p+1", "q+2"])
        }
    }

    /// `served.items` by request id, as SQL reads the view.
    static func items(_ store: Store) async throws -> [String: [String]] {
        var items: [String: [String]] = [:]
        for try await (id, list) in try await store.client.query("SELECT request_id, items FROM served")
            .decode((String, [String]).self)
        {
            items[id] = list
        }
        return items
    }

    /// Spool segments written before records kept their list as one line still replay, and new
    /// segments have the same shape (`items` a JSON array).
    @Test func spoolLinesKeepItemsAsAJSONArray() throws {
        let old = #"{"requestID":"r9","userID":3,"at":5,"experimentID":"e","variant":"als","modelVersion":"m","#
            + #""dataID":"d","codeVersion":"c","items":["a+1999","b+2000"],"latencyMicroseconds":7,"basis":"model"}"#
        let record = try JSONDecoder().decode(ServedRecord.self, from: Data(old.utf8))
        #expect(record.line == "a+1999,b+2000")
        #expect(record.items == ["a+1999", "b+2000"])
        #expect(record.fallback == nil)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any]
        #expect(encoded?["items"] as? [String] == ["a+1999", "b+2000"])
        #expect(try JSONDecoder().decode(ServedRecord.self, from: JSONEncoder().encode(record)) == record)
        let empty = Self.record("r0", user: 1, at: 1, items: [], fallback: "deadline")
        #expect(try JSONDecoder().decode(ServedRecord.self, from: JSONEncoder().encode(empty)) == empty)
    }

    @Test func timestampTextMatchesPostgres() {
        #expect(Store.timestampText(microseconds: 0) == "1970-01-01 00:00:00.000000+00")
        #expect(Store.timestampText(microseconds: -1) == "1969-12-31 23:59:59.999999+00")
        #expect(Store.timestampText(microseconds: 951_782_400_000_001) == "2000-02-29 00:00:00.000001+00")
        #expect(Store.timestampText(microseconds: 1_795_547_100_654_321) == "2026-11-24 19:05:00.654321+00")  // checked with Python's datetime
    }
}
