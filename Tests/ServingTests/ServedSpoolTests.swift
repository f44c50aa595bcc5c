import Foundation
import NIOCore
import Store
import Testing

@testable import Serving

/// A spool segment's name tells the replay whether Postgres may hold its rows.
@Suite struct ServedSpoolTests {
    @Test func segmentNamesSayWhetherAWriteTriedTheirBatch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mq-names-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = try ServedSpool(directory: directory, limitBytes: 1 << 20)
        _ = try spool.write(rows: ByteBuffer(string: "a\n"), sequence: 1, tried: false, spooledBytes: 0)
        _ = try spool.write(rows: ByteBuffer(string: "b\n"), sequence: 2, tried: true, spooledBytes: 2)
        let segments = spool.segments()
        #expect(segments.count == 2)
        guard segments.count == 2 else { return }
        guard case .unwritten(let first) = spool.replay(of: segments[0]) else {
            Issue.record("a batch no write tried replays whole: \(segments[0].lastPathComponent)")
            return
        }
        #expect(first == "\(spool.runID)-000000001")
        guard case .mayBeStored(let second) = spool.replay(of: segments[1]) else {
            Issue.record("a tried batch is looked up: \(segments[1].lastPathComponent)")
            return
        }
        #expect(second == "\(spool.runID)-000000002")
        // Names from servers before batches were named, and JSON lines, are looked up row by row.
        for legacy in ["served-000000000000001-000000001.copy", "served-000000000000002-000000002.jsonl"] {
            guard case .mayBeStored(nil) = spool.replay(of: directory.appendingPathComponent(legacy)) else {
                Issue.record("\(legacy) should be looked up row by row")
                continue
            }
        }
    }
}
