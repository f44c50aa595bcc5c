import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Store
import Synchronization

/// The served log: every answer's entry (``ServedEntry``) is appended in memory on the request path and
/// written to Postgres in batches by ``run(store:)``. While Postgres fails, batches go to the
/// ``ServedSpool`` and are replayed when it is back; requests never wait for either. While
/// Postgres is slow (a write in flight and the buffer past ``Configuration/spillAt``), the
/// buffer goes to the spool too, so a stall does not fill memory.
///
/// Nothing is dropped silently: a record that finds both the memory buffer and the spool full
/// is counted (`marquee_served_log_dropped_total`, `/health`) and logged.
public final class ServedLog: Sendable {
    public struct Configuration: Sendable {
        /// The spool folder.
        public var spoolDirectory: URL
        /// The most bytes the spool may hold.
        public var spoolLimitBytes = 1 << 30
        /// Records held in memory at most (beyond it they are counted as dropped).
        public var memoryLimit = 500_000
        /// Records in memory past which, while a write is in flight, they go to the spool rather
        /// than wait. At 90k answers a second on 2 cores shared with Postgres, writes stalled for
        /// up to 5 s and the memory buffer filled; half the limit leaves seconds to spill in.
        public var spillAt = 250_000
        /// Records per write (encoded off the request threads, so a large batch stalls no answer).
        /// At 50k answers a second on 2 cores shared with Postgres, 250 fell far behind, 2,000
        /// left a backlog of up to 200k records, 5,000 one under 50k that drained in half a second.
        public var batchSize = 5000
        /// How often the buffer is written (when a write takes longer, the next one takes more).
        /// Short writes keep Postgres's bursts on the cores that answer requests short: at 64
        /// connections on 2 cores, the median p99 of six 10 s runs was 6.3 ms at 5 ms, against
        /// 7.3–7.4 ms at 10 and 20 ms, for about the same req/s; 2 ms cost req/s.
        public var flushInterval: Duration = .milliseconds(5)
        /// After a failed write, how long to spool before trying Postgres again.
        public var retryInterval: Duration = .seconds(1)
        /// A write that takes longer counts as failed (a stopped server makes queries wait, not fail).
        public var writeTimeout: Duration = .seconds(2)
        /// How long a stopping server goes on replaying its spool while Postgres answers (what
        /// is left stays in the spool for the next start).
        public var replayOnStop: Duration = .seconds(10)

        public init(spoolDirectory: URL) { self.spoolDirectory = spoolDirectory }
    }

    /// Where the records are (for `/health` and `/metrics`).
    public struct Backlog: Sendable, Equatable {
        public var inMemory: Int
        public var spooled: Int
        public var dropped: Int
        public var written: Int
    }

    private struct Counts {
        var spooledRecords = 0
        var spooledBytes = 0
        var dropped = 0
        var written = 0
        /// Batches taken so far (each batch's number in this run).
        var batches = 0
        /// Taken from the buffer, not yet written or spooled.
        var inFlight = 0
    }

    /// Entries taken from the buffer together, and their number in this run: a batch keeps its
    /// name (``ServedSpool/batchName(_:)``) through every write and replay, which stores it once.
    private struct Batch: Sendable {
        let number: Int
        let entries: ArraySlice<ServedEntry>
    }

    let configuration: Configuration
    let spool: ServedSpool
    let metrics: ServingMetrics
    let logger: Logger
    private let buffer = Mutex<[ServedEntry]>([])
    private let encoder = DispatchQueue(label: "marquee.served-log.encoder")
    private let counts = Mutex(Counts())

    public init(configuration: Configuration, metrics: ServingMetrics, logger: Logger) throws(ServingError) {
        self.configuration = configuration
        spool = try ServedSpool(directory: configuration.spoolDirectory, limitBytes: configuration.spoolLimitBytes)
        self.metrics = metrics
        self.logger = logger
        let waiting = spool.size()
        counts.withLock {
            $0.spooledRecords = waiting.records
            $0.spooledBytes = waiting.bytes
        }
        if waiting.records > 0 {
            logger.notice("served-log spool holds records from before; they will be replayed", metadata: [
                "records": "\(waiting.records)", "spool": "\(spool.directory.path)",
            ])
        }
        updateGauge()
    }

    /// Adds an answer's entry (request path: a lock and an append).
    func append(_ entry: ServedEntry) {
        let accepted = buffer.withLock { buffer in
            guard buffer.count < configuration.memoryLimit else { return false }
            buffer.append(entry)
            return true
        }
        if !accepted { drop(1, reason: "the in-memory buffer is full") }
    }

    public var backlog: Backlog {
        let buffered = buffer.withLock { $0.count }
        return counts.withLock {
            Backlog(inMemory: buffered + $0.inFlight, spooled: $0.spooledRecords, dropped: $0.dropped, written: $0.written)
        }
    }

    /// Writes batches until graceful shutdown or cancellation, then writes (or spools) what is
    /// left and, while Postgres answers, replays the spool for up to
    /// ``Configuration/replayOnStop``: records spooled by a write that timed out moments before
    /// are in Postgres when the server has stopped, for whatever reads the log next.
    public func run(store: Store) async {
        var postgresUp = true
        var retryAt = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if buffer.withLock({ $0.count }) < configuration.batchSize {
                try? await Task.sleep(for: configuration.flushInterval)
            }
            let batches = takeAll()
            if !batches.isEmpty, postgresUp || ContinuousClock.now >= retryAt {
                postgresUp = await spillingWhile { await self.writeOrSpool(batches, store: store) }
                if !postgresUp { retryAt = .now + configuration.retryInterval }
            } else {
                for batch in batches { spool(batch) }
            }
            // The spool is replayed when Postgres has room: fresh records go first.
            if postgresUp || ContinuousClock.now >= retryAt, hasSpooled,
                buffer.withLock({ $0.count }) < configuration.batchSize, let segment = spool.segments().first
            {
                postgresUp = await spillingWhile { await self.replay(segment, store: store) }
                if !postgresUp { retryAt = .now + configuration.retryInterval }
            }
            updateGauge()
        }
        // The server has stopped answering: write the rest, or keep it in the spool.
        var postgresAnswers = postgresUp
        while true {
            let batches = takeAll()
            if batches.isEmpty { break }
            if postgresAnswers {
                postgresAnswers = await writeOrSpool(batches, store: store)
            } else {
                for batch in batches { spool(batch) }
            }
        }
        let replayUntil = ContinuousClock.now + configuration.replayOnStop
        for segment in spool.segments() where postgresAnswers && ContinuousClock.now < replayUntil {
            postgresAnswers = await replay(segment, store: store)
        }
        updateGauge()
    }

    /// Runs `write` (a write to Postgres) while moving the buffer to the spool whenever it
    /// passes ``Configuration/spillAt``; returns what `write` returns.
    private func spillingWhile(_ write: @escaping @Sendable () async -> Bool) async -> Bool {
        let started = ContinuousClock.now
        return await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await write() }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.configuration.flushInterval)
                    if self.buffer.withLock({ $0.count }) >= self.configuration.spillAt {
                        let batches = self.takeAll()
                        for batch in batches { self.spool(batch) }
                        self.logger.notice(
                            "served log: Postgres is behind; records spooled while a write is in flight",
                            metadata: [
                                "records": "\(batches.reduce(0) { $0 + $1.entries.count })",
                                "in_flight_ms": "\((ContinuousClock.now - started).milliseconds)",
                            ])
                    }
                }
                return nil
            }
            // The watcher returns only when cancelled, so the first result is the write's.
            let first = await group.next()
            group.cancelAll()
            return first.flatMap { $0 } ?? true
        }
    }

    /// Whether the spool may hold records (from this run or an earlier one).
    private var hasSpooled: Bool { counts.withLock { $0.spooledRecords > 0 || $0.spooledBytes > 0 } }

    /// Writes `batches` one after another, spooling each that fails; false when any failed.
    /// (Two writers at once kept the backlog lower still, but raised p99 at 64 connections from
    /// about 7 to 10 ms on 2 cores shared with Postgres; 5,000-row batches did as well with one.)
    private func writeOrSpool(_ batches: [Batch], store: Store) async -> Bool {
        var allWritten = true
        for batch in batches {
            if allWritten { allWritten = await write(batch, store: store) }
            if !allWritten { spoolOrDrop(batch) }
            counts.withLock { $0.inFlight -= batch.entries.count }
        }
        return allWritten
    }

    /// Spools a taken batch (Postgres is known to be down).
    private func spool(_ batch: Batch) {
        spoolOrDrop(batch)
        counts.withLock { $0.inFlight -= batch.entries.count }
    }

    /// Everything in the buffer, in batches of `batchSize`. The buffer is swapped out under the
    /// lock, so appends never wait behind a copy; taken records count as in memory until written.
    private func takeAll() -> [Batch] {
        let taken = buffer.withLock { buffer in
            var taken: [ServedEntry] = []
            swap(&taken, &buffer)
            buffer.reserveCapacity(taken.count)
            return taken
        }
        guard !taken.isEmpty else { return [] }
        let size = configuration.batchSize
        let count = (taken.count + size - 1) / size
        let firstNumber = counts.withLock { counts in
            counts.inFlight += taken.count
            counts.batches += count
            return counts.batches - count + 1
        }
        return (0..<count).map { index in
            Batch(number: firstNumber + index, entries: taken[index * size..<min((index + 1) * size, taken.count)])
        }
    }

    /// Writes a fresh batch as one `served_batches` row, its variants' provenance ids looked up
    /// first where new. False when Postgres failed or refused the rows: spool them (a replay
    /// writes what can be written and sets refused rows aside). A write that times out may
    /// still commit; its batch is spooled under the same name, so one of the two stores it.
    private func write(_ batch: Batch, store: Store) async -> Bool {
        do {
            let name = spool.batchName(batch.number)
            let started = ContinuousClock.now
            // Encoding is done on a queue of its own, off the threads that answer requests.
            var columns = await onEncoder { ServedEntry.columns(batch.entries, batch: name) }
            if columns == nil {
                try await answered { try await Self.resolveProvenances(of: batch.entries, in: store) }
                columns = await onEncoder { ServedEntry.columns(batch.entries, batch: name) }
            }
            guard let columns else { throw ServingError(.spool, "a served entry's provenance has no id") }
            let encoded = ContinuousClock.now
            try await answered { try await store.writeServed(columns) }
            countWritten(batch.entries.count)
            if ContinuousClock.now - started > Self.slowWrite {
                logger.notice("served log: slow write", metadata: [
                    "records": "\(batch.entries.count)", "encode_ms": "\((encoded - started).milliseconds)",
                    "postgres_ms": "\((ContinuousClock.now - encoded).milliseconds)",
                ])
            }
            return true
        } catch {
            metrics.servedWriteFailures.increment()
            logger.warning("served log: Postgres write failed; spooling locally and retrying", metadata: [
                "records": "\(batch.entries.count)", "error": "\(String(describing: error).prefix(300))",
            ])
            return false
        }
    }

    /// A write taking longer is logged with where its time went.
    private static let slowWrite: Duration = .milliseconds(500)

    /// Looks up the `served_provenance` id of each variant in `batch` not looked up yet (a query
    /// once per variant and model in the life of a server).
    private static func resolveProvenances(of batch: ArraySlice<ServedEntry>, in store: Store) async throws {
        for entry in batch {
            let provenance = entry.state.provenances[entry.position]
            if provenance.id == nil { try await provenance.resolve(in: store) }
        }
    }

    private func onEncoder<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in encoder.async { continuation.resume(returning: work()) } }
    }

    /// Runs a write, counting it as failed (a ``ServingError``) past the write timeout: a
    /// stopped server makes queries wait, not fail. Such a write may still run later (a query
    /// waiting for a connection does once Postgres is back); batches are stored under their
    /// names, so it and the replay of its spooled batch store the batch once.
    private func answered(_ body: @escaping @Sendable () async throws -> Void) async throws {
        guard try await withTimeout(configuration.writeTimeout, body) != nil else {
            throw ServingError(.spool, "no answer from Postgres within \(configuration.writeTimeout)")
        }
    }

    /// Writes a batch to the spool, or counts it as dropped when the spool is full.
    private func spoolOrDrop(_ batch: Batch) {
        do {
            let spooledBytes = counts.withLock { $0.spooledBytes }
            let rows = ServedEntry.recordRows(batch.entries)
            let bytes = try spool.write(rows: rows, batch: batch.number, spooledBytes: spooledBytes)
            counts.withLock {
                $0.spooledRecords += batch.entries.count
                $0.spooledBytes += bytes
            }
            metrics.servedSpooled.increment(by: Int64(batch.entries.count))
        } catch {
            drop(batch.entries.count, reason: error.message)
        }
    }

    /// Replays one spool segment; false when Postgres failed (the segment stays for later).
    private func replay(_ segment: URL, store: Store) async -> Bool {
        let read: (contents: ServedSpool.Contents, bytes: Int)
        do { read = try spool.read(segment) } catch {
            logger.error("served log: \(error.message)")
            return true
        }
        let (rows, records, skipped): (ByteBuffer, Int, Int)
        switch read.contents {
        case .records(let decoded, let unreadable):
            (rows, records, skipped) = (Store.servedCopyRows(decoded), decoded.count, unreadable)
        case .copyRows(let copyRows, let count): (rows, records, skipped) = (copyRows, count, 0)
        }
        let stored: Int
        let unreadable: Int
        do {
            let replay = spool.replay(of: segment)
            try await answered { try await store.replayServed(rows: rows, replay) }
            (stored, unreadable) = (records, skipped)
            countWritten(records)
        } catch let error as StoreError where error.code == .rejected {
            logger.error("served log: Postgres refused a spool segment's rows", metadata: [
                "segment": "\(segment.lastPathComponent)", "error": "\(error.message.prefix(300))",
            ])
            (stored, unreadable) = (0, records + skipped)
        } catch {
            metrics.servedWriteFailures.increment()
            logger.warning("served log: spool replay failed; retrying later", metadata: [
                "records": "\(records)", "error": "\(String(describing: error).prefix(300))",
            ])
            return false
        }
        if unreadable > 0 {
            // Kept for an operator to look at, under a name the replay skips.
            try? FileManager.default.moveItem(at: segment, to: segment.appendingPathExtension("unreadable"))
            drop(unreadable, reason: "unreadable records in spool segment \(segment.lastPathComponent)")
        } else {
            try? FileManager.default.removeItem(at: segment)
        }
        counts.withLock {
            $0.spooledRecords -= stored + unreadable
            $0.spooledBytes -= read.bytes
        }
        logger.info("served log: spool segment replayed", metadata: ["records": "\(stored)"])
        return true
    }

    private func countWritten(_ count: Int) {
        counts.withLock { $0.written += count }
        metrics.servedWritten.increment(by: Int64(count))
    }

    private func drop(_ count: Int, reason: String) {
        counts.withLock { $0.dropped += count }
        metrics.servedDropped.increment(by: Int64(count))
        logger.error("served log: records lost", metadata: ["records": "\(count)", "reason": "\(reason)"])
    }

    private func updateGauge() {
        let backlog = self.backlog
        metrics.servedBacklog.set(Int64(backlog.inMemory + backlog.spooled))
    }
}

extension Duration {
    /// Whole milliseconds, for log lines.
    fileprivate var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
