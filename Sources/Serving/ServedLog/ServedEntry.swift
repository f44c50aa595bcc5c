import NIOCore
import Store

/// One answer as the served log keeps it until it is written: the answer's own values, and its
/// variant's provenance through the state that answered (one reference).
///
/// A ``ServedRecord`` per answer cost the request path about 15 retains and two allocations (its
/// strings, freed later on the writer's thread, at the allocator lock of the thread that made
/// them); an entry costs one retain and none. It becomes COPY rows off the request path
/// (``copyRows(_:)``), in ``Store/servedColumns`` order.
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
        let model = state.models[position]
        return ServedRecord(
            requestID: requestID.text, userID: userID, at: at, experimentID: state.experiment.id,
            variant: state.experiment.variants[position].name, modelVersion: model.version, dataID: model.dataID,
            codeVersion: model.codeVersion, line: model.movieIDLines.line(list),
            latencyMicroseconds: latencyMicroseconds, basis: basis.rawValue, fallback: fallback)
    }

    /// `entries` as rows of PostgreSQL's COPY text format, the same bytes
    /// ``Store/servedCopyRows(_:)`` makes of their records.
    static func copyRows(_ entries: some Collection<ServedEntry>) -> ByteBuffer {
        var rows = CopyRows(reservingCapacity: entries.count * 320)
        for entry in entries {
            let model = entry.state.models[entry.position]
            entry.requestID.append(to: &rows)
            rows.append(decimal: entry.userID)
            rows.append(timestamp: entry.at)
            rows.append(text: entry.state.experiment.id)
            rows.append(text: entry.state.experiment.variants[entry.position].name)
            rows.append(text: model.version)
            rows.append(text: model.dataID)
            rows.append(text: model.codeVersion)
            model.movieIDLines.append(entry.list, to: &rows)
            rows.append(decimal: Int64(entry.latencyMicroseconds))
            rows.append(text: entry.basis.rawValue)
            rows.append(text: entry.fallback)
            rows.endRow()
        }
        return rows.byteBuffer
    }
}
