import Foundation
import NIOCore
import Store

/// The served log's local spool: a folder of segments written while Postgres is unavailable or
/// too slow, and replayed, oldest first, once it has room. A segment is written to a temporary
/// name and renamed, so a crash leaves whole segments only; a restarted server replays what
/// the last one spooled. Replays are idempotent: a segment's name carries its batch's name,
/// which every write and replay of the batch stores it under, and Postgres stores a name once
/// (``replay(of:)``).
///
/// A segment (`.copy`) holds its records as rows of PostgreSQL's COPY text format, one per
/// line, provenance spelled out (``ServedEntry/recordRows(_:)``), so it replays into any
/// database and a replay sends the file as it is. (Spilling JSON lines at 94k answers a second
/// could not keep up: one `bench-serve` run dropped 40,848 records; with COPY rows the same runs
/// dropped none.) Segments of JSON lines (`.jsonl`), as servers before it spooled, are still
/// replayed.
struct ServedSpool: Sendable {
    /// What a segment holds.
    enum Contents {
        /// COPY rows, to send as they are.
        case copyRows(ByteBuffer, records: Int)
        /// Records decoded from JSON lines, and the count of lines that did not decode.
        case records([ServedRecord], unreadable: Int)
    }

    let directory: URL
    /// Bytes the segments may take in all; a batch that would pass it is refused.
    let limitBytes: Int
    /// Names this spool's batches apart from other servers' and earlier runs' (16 hex digits).
    let runID = String(UInt64.random(in: .min ... .max), radix: 16).leftPadded(to: 16)

    init(directory: URL, limitBytes: Int) throws(ServingError) {
        self.directory = directory
        self.limitBytes = limitBytes
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw ServingError(.spool, "cannot create the served-log spool \(directory.path): \(error.localizedDescription)")
        }
    }

    /// Segments waiting, oldest first.
    func segments() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("served-") && ($0.hasSuffix(".copy") || $0.hasSuffix(".jsonl")) }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// Bytes and records held by the segments.
    func size() -> (bytes: Int, records: Int) {
        var bytes = 0
        var records = 0
        for segment in segments() {
            guard let data = try? Data(contentsOf: segment) else { continue }
            bytes += data.count
            records += data.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        }
        return (bytes, records)
    }

    /// The name of this run's batch number `batch` in Postgres: ``runID`` and the number.
    func batchName(_ batch: Int) -> String { "\(runID)-\(String(batch).leftPadded(to: 9))" }

    /// Writes COPY rows (``ServedEntry/recordRows(_:)``) of this run's batch number `batch` as a
    /// new segment; returns its size in bytes. The name carries the batch:
    /// `served-<ms since 1970>-<batch>-<runID>-named.copy`.
    func write(rows: ByteBuffer, batch: Int, spooledBytes: Int) throws(ServingError) -> Int {
        let data = Data(rows.readableBytesView)
        guard spooledBytes + data.count <= limitBytes else {
            throw ServingError(
                .spool,
                "the served-log spool \(directory.path) is full (\(spooledBytes) of \(limitBytes) bytes); "
                    + "bring Postgres back or raise --spool-limit-mb")
        }
        let stamp = String(Int64(Date().timeIntervalSince1970 * 1000)).leftPadded(to: 15)
        let name = "served-\(stamp)-\(String(batch).leftPadded(to: 9))-\(runID)-named.copy"
        let temporary = directory.appendingPathComponent("." + name)
        do {
            try data.write(to: temporary)
            try FileManager.default.moveItem(at: temporary, to: directory.appendingPathComponent(name))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ServingError(.spool, "cannot write the served-log spool \(directory.path): \(error.localizedDescription)")
        }
        return data.count
    }

    /// How Postgres is to take a segment's rows, from its name: as the batch it names. Servers
    /// before batches had names in Postgres named a segment `new` when no write had tried it
    /// (its batch is stored under that name once replayed) and `tried` when one had (it may
    /// be stored under another name): a `tried` segment, or one named as servers before them
    /// named segments, has its rows looked up by request id.
    func replay(of segment: URL) -> Store.ServedReplay {
        let parts = segment.deletingPathExtension().lastPathComponent.split(separator: "-")
        guard segment.pathExtension == "copy", parts.count == 5, parts[4] == "named" || parts[4] == "new" else {
            return .unnamed
        }
        return .batch("\(parts[3])-\(parts[2])")
    }

    /// What a segment holds, and its size in bytes. In a JSON-lines segment, a line that does not
    /// decode is skipped and counted.
    func read(_ segment: URL) throws(ServingError) -> (contents: Contents, bytes: Int) {
        let data: Data
        do { data = try Data(contentsOf: segment) } catch {
            throw ServingError(.spool, "cannot read spool segment \(segment.path): \(error.localizedDescription)")
        }
        let lines = data.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        guard segment.pathExtension == "jsonl" else {
            return (.copyRows(ByteBuffer(bytes: data), records: lines), data.count)
        }
        let decoder = JSONDecoder()
        var records: [ServedRecord] = []
        var unreadable = 0
        for line in data.split(separator: 0x0A) {
            if let record = try? decoder.decode(ServedRecord.self, from: line) { records.append(record) } else {
                unreadable += 1
            }
        }
        return (.records(records, unreadable: unreadable), data.count)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
