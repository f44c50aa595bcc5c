import Foundation
import NIOCore
import Store
import Testing

@testable import Serving

/// A spool segment's name tells the replay which batch it holds.
@Suite struct ServedSpoolTests {
    @Test func segmentNamesCarryTheirBatchsName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mq-names-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = try ServedSpool(directory: directory, limitBytes: 1 << 20)
        _ = try spool.write(rows: ByteBuffer(string: "a\n"), batch: 1, spooledBytes: 0)
        _ = try spool.write(rows: ByteBuffer(string: "b\n"), batch: 2, spooledBytes: 2)
        let segments = spool.segments()
        #expect(segments.map { spool.replay(of: $0) } == [.batch(spool.batchName(1)), .batch(spool.batchName(2))])
        #expect(spool.batchName(2) == "\(spool.runID)-000000002")
        // Servers before batches had names in Postgres: a batch no write had tried (`new`) was
        // stored under its name; a `tried` one, older names and JSON lines are looked up row by row.
        let named = "served-000000000000003-000000007-00000000000000ab-new.copy"
        #expect(spool.replay(of: directory.appendingPathComponent(named)) == .batch("00000000000000ab-000000007"))
        for legacy in [
            "served-000000000000003-000000008-00000000000000ab-tried.copy", "served-000000000000001-000000001.copy",
            "served-000000000000002-000000002.jsonl",
        ] {
            #expect(spool.replay(of: directory.appendingPathComponent(legacy)) == .unnamed, "\(legacy)")
        }
    }
}
