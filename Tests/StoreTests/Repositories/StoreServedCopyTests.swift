import Foundation
import MarqueeTesting
import PostgresNIO
import Testing

@testable import Store

/// The served log's two writes, COPY for fresh records and INSERT … ON CONFLICT for replays,
/// store the same thing, whatever the text holds.
@Suite struct StoreServedCopyTests {
    static func record(_ id: String, user: Int64, at: Int64, items: [String], fallback: String?) -> ServedRecord {
        ServedRecord(
            requestID: id, userID: user, at: at, experimentID: "exp\twith tab", variant: "als\\back",
            modelVersion: "als-1\nline", dataID: "d\"q", codeVersion: "c\r1", line: items.joined(separator: ","),
            latencyMicroseconds: 1234, basis: "model", fallback: fallback)
    }

    @Test func copiedRecordsReadBackExactlyAndADuplicateCopyIsRefused() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await store.migrate()
            let records = [
                Self.record("r1", user: 7, at: 1_764_010_000_123_456, items: ["a+1999", "b\"quoted", "c\\slash", "{brace}", "t\tab\nline", "é"], fallback: nil),
                Self.record("r2", user: 7, at: 1_764_010_001_000_000, items: [], fallback: "deadline"),
                Self.record("r3", user: 7, at: -1, items: ["NULL", "x y"], fallback: nil),  // 1969-12-31 23:59:59.999999
                Self.record("r4", user: 7, at: 951_782_400_000_001, items: ["leap"], fallback: nil),  // 2000-02-29
            ]
            try await store.copyServed(rows: Store.servedCopyRows(records))
            #expect(try await store.served(userID: 7) == records.sorted { $0.at < $1.at })
            #expect(try await Self.items(store) == Dictionary(uniqueKeysWithValues: records.map { ($0.requestID, $0.items) }))
            // All or nothing: a batch with a stored request id is refused whole...
            await #expect(throws: (any Error).self) {
                try await store.copyServed(rows: Store.servedCopyRows([records[0], Self.record("r5", user: 7, at: 5, items: [], fallback: nil)]))
            }
            #expect(try await store.served(userID: 7).count == 4)
            // ...and the replay write skips what is stored.
            try await store.insertServed([records[0], Self.record("r5", user: 7, at: 5, items: ["z"], fallback: nil)])
            #expect(try await store.served(userID: 7).count == 5)
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
            let insert: PostgresQuery = """
                INSERT INTO served (request_id, user_id, at, experiment_id, variant, model_version, data_id,
                                    code_version, items, latency_us, basis, fallback)
                VALUES ('a', 9, now(), 'e', 'als', 'm', 'd', 'c', '{x+1999,y+2000}', 5, 'model', NULL),
                       ('b', 9, now(), 'e', 'als', 'm', 'd', 'c', '{}', 5, 'cold_start', 'deadline')
                """
            try await store.client.query(insert)
            #expect(try await store.migrate() == [6])
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
