import NIOCore
import Store

/// One answer as the served log keeps it until it is written: the answer's own values, and its
/// variant's provenance through the state that answered (one reference).
///
/// A ``ServedRecord`` per answer cost the request path about 15 retains and two allocations (its
/// strings, freed later on the writer's thread, at the allocator lock of the thread that made
/// them); an entry costs one retain and none. It becomes a batch's columns off the request path
/// (``columns(_:batch:)``, or COPY rows for the spool: ``recordRows(_:)``).
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

    /// `entries` as the batch named `batch`, for ``Store/writeServed(_:)``, or nil when an
    /// entry's provenance has no id yet (``ServedProvenance/resolve(in:)``).
    static func columns(_ entries: some Collection<ServedEntry>, batch: String) -> ServedBatchColumns? {
        var columns = ServedBatchColumns(batch: batch, capacity: entries.count)
        for entry in entries {
            guard let provenanceID = entry.state.provenances[entry.position].id else { return nil }
            columns.append(
                userID: entry.userID, at: entry.at, provenanceID: provenanceID,
                latencyMicroseconds: entry.latencyMicroseconds, basis: entry.basis.rawValue, fallback: entry.fallback,
                requestID: { entry.requestID.write(into: &$0) },
                line: { entry.state.models[entry.position].movieIDLines.write(entry.list, into: &$0) })
        }
        return columns
    }

    /// `entries` as COPY text rows with their provenance spelled out, the same bytes
    /// ``Store/servedCopyRows(_:)`` makes of their records: what the spool keeps, so a segment
    /// replays into any database (``Store/replayServed(rows:_:)``).
    static func recordRows(_ entries: some Collection<ServedEntry>) -> ByteBuffer {
        var rows = CopyRows(reservingCapacity: entries.count * 320)
        for entry in entries {
            let provenance = entry.state.provenances[entry.position]
            entry.requestID.append(to: &rows)
            rows.append(decimal: entry.userID)
            rows.append(timestamp: entry.at)
            rows.append(text: provenance.experimentID)
            rows.append(text: provenance.variant)
            rows.append(text: provenance.modelVersion)
            rows.append(text: provenance.dataID)
            rows.append(text: provenance.codeVersion)
            entry.state.models[entry.position].movieIDLines.append(entry.list, to: &rows)
            rows.append(decimal: Int64(entry.latencyMicroseconds))
            rows.append(text: entry.basis.rawValue)
            rows.append(text: entry.fallback)
            rows.endRow()
        }
        return rows.byteBuffer
    }
}
