import MarqueeTesting
import NIOCore
import Store
import Testing

@testable import Serving

/// The served log's compact entries must reach Postgres as the records they stand for.
@Suite struct ServedEntryTests {
    @Test func requestIDsReadAsTheirTwoNumbersInHex() {
        let id = RequestID(prefix: 0x3f9c_2a7d_51e0_8b64, number: 0x1_a2f3)
        #expect(id.text == "3f9c2a7d51e08b64-000000000001a2f3")
        #expect(RequestID(prefix: 0, number: .max).text == "0000000000000000-ffffffffffffffff")
        var buffer = ByteBuffer()
        id.write(into: &buffer)
        #expect(String(buffer: buffer) == id.text)
        let ids = RequestIDs()
        let first = ids.next()
        let second = ids.next()
        #expect(first.prefix == second.prefix)
        #expect(second.number == first.number + 1)
    }

    @Test func copyRowsAreTheBytesOfTheRecordsTheyStandFor() {
        let (state, _, model) = RecommendingTests.state()
        let entries = [
            ServedEntry(
                state: state, position: 0, requestID: RequestID(prefix: 42, number: 1), userID: 7,
                at: 1_795_000_000_123_456, latencyMicroseconds: 250, list: [3, 1, 2], basis: .model, fallback: nil),
            ServedEntry(
                state: state, position: 0, requestID: RequestID(prefix: 42, number: 2), userID: 9_000,
                at: 1_795_000_000_223_456, latencyMicroseconds: 100_000, list: [], basis: .coldStart,
                fallback: "deadline"),
        ]
        let records = entries.map(\.record)
        #expect(records[0].line == [3, 1, 2].map { model.index.movieIDs[$0] }.joined(separator: ","))
        #expect(records[0].requestID == "000000000000002a-0000000000000001")
        #expect(records[1].basis == "cold_start")
        #expect(records[1].fallback == "deadline")
        #expect(records[1].line == "")
        #expect(ServedEntry.recordRows(entries) == Store.servedCopyRows(records))
    }

    /// The batch a fresh write stores carries the provenance's id; read back, it is the records.
    @Test func aWrittenBatchReadsBackAsTheRecordsOnceTheProvenanceHasAnID() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let (state, _, _) = RecommendingTests.state()
            let entries = (1...3).map {
                ServedEntry(
                    state: state, position: 0, requestID: RequestID(prefix: 7, number: UInt64($0)), userID: 11,
                    at: 1_795_000_000_000_000 + Int64($0), latencyMicroseconds: 90, list: [0, 2], basis: .foldIn,
                    fallback: $0 == 2 ? "deadline" : nil)
            }
            #expect(ServedEntry.columns(entries, batch: "b1") == nil, "no row may name a provenance without an id")
            let provenance = state.provenances[0]
            try await provenance.resolve(in: store)
            let id = try #require(provenance.id)
            #expect(try await store.writeServed(try #require(ServedEntry.columns(entries, batch: "b1"))))
            #expect(try await store.served(userID: 11) == entries.map(\.record))
            // Another state with the same variant and model shares the row.
            let (again, _, _) = RecommendingTests.state()
            try await again.provenances[0].resolve(in: store)
            #expect(again.provenances[0].id == id)
        }
    }
}
