import NIOCore
import Store

/// One answer as the served log keeps it until it is written: the answer's own values, and its
/// variant's provenance through the state that answered (one reference).
///
/// A ``ServedRecord`` per answer cost the request path about 15 retains and two allocations (its
/// strings, freed later on the writer's thread, at the allocator lock of the thread that made
/// them); an entry costs one retain and none. It becomes COPY rows off the request path
/// (``copyRows(_:)``, or ``recordRows(_:)`` for the spool).
struct ServedEntry: Sendable {
    /// The state that answered: the experiment, the variant's name and its model.
    let state: ServingState
    /// The variant's position in the experiment.
    let position: Int
    let requestID: RequestID
    let userID: Int64
    /// When the answer was made, in microseconds since 1970 (UTC).
    let at: Int64
    let latencyMicroseconds: Int32
    let list: ItemList
    let basis: Recommendation.Basis
    /// Why the popularity list replaced the variant's answer (`deadline`), or nil.
    let fallback: String?

    /// The entry as a ``ServedRecord`` (for tests and tools; the log writes rows directly).
    var record: ServedRecord {
        let provenance = state.provenances[position]
        return ServedRecord(
            requestID: requestID.text, userID: userID, at: at, experimentID: provenance.experimentID,
            variant: provenance.variant, modelVersion: provenance.modelVersion, dataID: provenance.dataID,
            codeVersion: provenance.codeVersion, line: state.models[position].movieIDLines.line(list),
            latencyMicroseconds: latencyMicroseconds, basis: basis.rawValue, fallback: fallback)
    }

    /// `entries` as rows of ``Store/servedColumns`` for ``Store/copyServed(rows:)``, or nil when
    /// an entry's provenance has no id yet (``ServedProvenance/resolve(in:)``).
    static func copyRows(_ entries: some Collection<ServedEntry>) -> ByteBuffer? {
        guard entries.allSatisfy({ $0.state.provenances[$0.position].id != nil }) else { return nil }
        // An id, once set, never changes: every entry has one.
        return rows(entries, bytesPerRow: 200) { provenance, rows in
            rows.append(decimal: Int64(provenance.id ?? 0))
        }
    }

    /// `entries` as rows with their provenance spelled out, the same bytes
    /// ``Store/servedCopyRows(_:)`` makes of their records: what the spool keeps, so a segment
    /// replays into any database (``Store/replayServed(rows:_:)``).
    static func recordRows(_ entries: some Collection<ServedEntry>) -> ByteBuffer {
        rows(entries, bytesPerRow: 320) { provenance, rows in
            rows.append(text: provenance.experimentID)
            rows.append(text: provenance.variant)
            rows.append(text: provenance.modelVersion)
            rows.append(text: provenance.dataID)
            rows.append(text: provenance.codeVersion)
        }
    }

    /// COPY text rows of `entries`, their provenance's fields written by `provenanceFields`.
    private static func rows(
        _ entries: some Collection<ServedEntry>, bytesPerRow: Int,
        provenanceFields: (ServedProvenance, inout CopyRows) -> Void
    ) -> ByteBuffer {
        var rows = CopyRows(reservingCapacity: entries.count * bytesPerRow)
        for entry in entries {
            entry.requestID.append(to: &rows)
            rows.append(decimal: entry.userID)
            rows.append(timestamp: entry.at)
            provenanceFields(entry.state.provenances[entry.position], &rows)
            entry.state.models[entry.position].movieIDLines.append(entry.list, to: &rows)
            rows.append(decimal: Int64(entry.latencyMicroseconds))
            rows.append(text: entry.basis.rawValue)
            rows.append(text: entry.fallback)
            rows.endRow()
        }
        return rows.byteBuffer
    }
}
