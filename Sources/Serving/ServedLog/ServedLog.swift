import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// The served log: every answer's record is appended in memory on the request path and
/// written to Postgres in batches by ``run(store:)``. While Postgres fails, batches go to the
/// ``ServedSpool`` and are replayed when it is back; requests never wait for either.
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
        /// Records per insert (bound off the request threads, so a large batch stalls no answer;
        /// 250 fell behind at 45k answers a second, 2,000 keeps up).
        public var batchSize = 2000
        /// How often the buffer is written.
        public var flushInterval: Duration = .milliseconds(20)
        /// After a failed write, how long to spool before trying Postgres again.
        public var retryInterval: Duration = .seconds(1)
        /// A write that takes longer counts as failed (a stopped server makes queries wait, not fail).
        public var writeTimeout: Duration = .seconds(2)

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
        var sequence = 0
        /// Taken from the buffer, not yet written or spooled.
        var inFlight = 0
    }

    let configuration: Configuration
    let spool: ServedSpool
    let metrics: ServingMetrics
    let logger: Logger
    private let buffer = Mutex<[ServedRecord]>([])
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

    /// Adds a record (request path: a lock and an append).
    public func append(_ record: ServedRecord) {
        let accepted = buffer.withLock { buffer in
            guard buffer.count < configuration.memoryLimit else { return false }
            buffer.append(record)
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

    /// Writes batches until graceful shutdown or cancellation, then writes (or spools) what is left.
    public func run(store: Store) async {
        var postgresUp = true
        var retryAt = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if buffer.withLock({ $0.count }) < configuration.batchSize {
                try? await Task.sleep(for: configuration.flushInterval)
            }
            for batch in takeAll() {
                if postgresUp || ContinuousClock.now >= retryAt {
                    postgresUp = await write(batch, store: store)
                    if !postgresUp {
                        retryAt = .now + configuration.retryInterval
                        spoolOrDrop(batch)
                    }
                } else {
                    spoolOrDrop(batch)
                }
                counts.withLock { $0.inFlight -= batch.count }
            }
            if postgresUp || ContinuousClock.now >= retryAt, let segment = spool.segments().first {
                postgresUp = await replay(segment, store: store)
                if !postgresUp { retryAt = .now + configuration.retryInterval }
            }
            updateGauge()
        }
        // The server has stopped answering: write the rest, or keep it in the spool.
        var postgresAnswers = postgresUp
        while true {
            let batches = takeAll()
            if batches.isEmpty { break }
            for batch in batches {
                if postgresAnswers { postgresAnswers = await write(batch, store: store) }
                if !postgresAnswers { spoolOrDrop(batch) }
                counts.withLock { $0.inFlight -= batch.count }
            }
        }
        updateGauge()
    }

    /// Everything in the buffer, in batches of `batchSize`. The buffer is swapped out under the
    /// lock, so appends never wait behind a copy; taken records count as in memory until written.
    private func takeAll() -> [ArraySlice<ServedRecord>] {
        let taken = buffer.withLock { buffer in
            var taken: [ServedRecord] = []
            swap(&taken, &buffer)
            buffer.reserveCapacity(taken.count)
            return taken
        }
        guard !taken.isEmpty else { return [] }
        counts.withLock { $0.inFlight += taken.count }
        return stride(from: 0, to: taken.count, by: configuration.batchSize).map {
            taken[$0..<min($0 + configuration.batchSize, taken.count)]
        }
    }

    private func write(_ batch: ArraySlice<ServedRecord>, store: Store) async -> Bool {
        do {
            // Binding a batch is the CPU-heavy part: done on a queue of its own, off the threads
            // that answer requests, so a flush does not stall them.
            let query = await withCheckedContinuation { continuation in
                encoder.async { continuation.resume(returning: Store.servedInsert(Array(batch))) }
            }
            guard try await withTimeout(configuration.writeTimeout, { try await store.insertServed(query: query) }) != nil
            else {
                throw ServingError(.spool, "no answer from Postgres within \(configuration.writeTimeout)")
            }
            counts.withLock { $0.written += batch.count }
            metrics.servedWritten.increment(by: Int64(batch.count))
            return true
        } catch {
            metrics.servedWriteFailures.increment()
            logger.warning("served log: Postgres write failed; spooling locally and retrying", metadata: [
                "records": "\(batch.count)", "error": "\(String(describing: error).prefix(300))",
            ])
            return false
        }
    }

    private func spoolOrDrop(_ batch: ArraySlice<ServedRecord>) {
        do {
            let (sequence, spooledBytes) = counts.withLock { counts in
                counts.sequence += 1
                return (counts.sequence, counts.spooledBytes)
            }
            let bytes = try spool.write(Array(batch), sequence: sequence, spooledBytes: spooledBytes)
            counts.withLock {
                $0.spooledRecords += batch.count
                $0.spooledBytes += bytes
            }
            metrics.servedSpooled.increment(by: Int64(batch.count))
        } catch {
            drop(batch.count, reason: error.message)
        }
    }

    private func replay(_ segment: URL, store: Store) async -> Bool {
        let contents: (records: [ServedRecord], bytes: Int, unreadable: Int)
        do { contents = try spool.read(segment) } catch {
            logger.error("served log: \(error.message)")
            return true
        }
        guard await write(contents.records[...], store: store) else { return false }
        if contents.unreadable > 0 {
            // Kept for an operator to look at, under a name the replay skips.
            try? FileManager.default.moveItem(at: segment, to: segment.appendingPathExtension("unreadable"))
            drop(contents.unreadable, reason: "unreadable lines in spool segment \(segment.lastPathComponent)")
        } else {
            try? FileManager.default.removeItem(at: segment)
        }
        counts.withLock {
            $0.spooledRecords -= contents.records.count + contents.unreadable
            $0.spooledBytes -= contents.bytes
        }
        logger.info("served log: spool segment replayed", metadata: ["records": "\(contents.records.count)"])
        return true
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
