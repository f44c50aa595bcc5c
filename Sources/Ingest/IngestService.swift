import Logging
import MovieLog
import ServiceLifecycle
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Consume → parse → aggregate a batch in memory → write the batch and its offsets in one
/// transaction, until graceful shutdown (SIGTERM finishes the batch in hand) or, with
/// ``IngestConfiguration/stopAtEnd``, until the source is drained.
///
/// Memory is bounded by the batch size, whatever the stream's length. A commit that finds its
/// partitions moved by another consumer is rolled back and the source rewound to the stored
/// positions; a commit that fails for another reason (database away) is retried with backoff.
public struct IngestService: Service {
    public let source: any LineSource
    public let store: Store
    public let configuration: IngestConfiguration
    public let logger: Logger

    public init(source: any LineSource, store: Store, configuration: IngestConfiguration, logger: Logger) {
        self.source = source
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws { _ = try await ingest() }

    /// Runs the loop and returns what it committed.
    public func ingest() async throws -> IngestSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var parser = MovieLogParser(now: .current)
        parser.configuration.futureSkew = configuration.futureSkew
        var builder = IngestBatchBuilder(groupID: source.groupID, source: source.sourceName, parser: parser)
        var summary = IngestSummary()
        var generation: UInt64?
        var batchStarted: ContinuousClock.Instant?
        var firstLine: ContinuousClock.Instant?
        var progress = ProgressReporter(interval: configuration.progressInterval, start: started)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let room = max(1, configuration.batchLines - builder.lineCount)
            let read = try await source.read(maxLines: min(room, 10_000), timeout: configuration.pollTimeout)
            let messages = read.messages
            if messages.generation != generation {
                builder.reset(startOffsets: messages.startOffsets)
                generation = messages.generation
                batchStarted = nil
            }
            builder.parser.now = .current
            if firstLine == nil, !messages.entries.isEmpty { firstLine = clock.now }
            for entry in messages.entries {
                messages.withBytes(of: entry) { builder.add(partition: entry.partition, offset: entry.offset, bytes: $0) }
            }
            summary.lag = messages.lag
            summary.skippedOffsets += messages.skippedOffsets
            if builder.lineCount > 0, batchStarted == nil { batchStarted = clock.now }
            let due = builder.lineCount >= configuration.batchLines || messages.isAtEnd || read.isFinished
                || batchStarted.map { $0.duration(to: clock.now) >= configuration.batchInterval } ?? false
            if due, builder.lineCount > 0 {
                if try await commit(&builder, into: &summary) == false { generation = nil }
                batchStarted = nil
            }
            summary.elapsed = started.duration(to: clock.now)
            summary.sinceFirstLine = (firstLine ?? clock.now).duration(to: clock.now)
            progress.report(summary, now: clock.now, logger: logger)
            if read.isFinished || (configuration.stopAtEnd && messages.isAtEnd && builder.lineCount == 0) { break }
        }
        if builder.lineCount > 0 { _ = try await commit(&builder, into: &summary) }
        await source.close()
        summary.elapsed = started.duration(to: clock.now)
        summary.sinceFirstLine = (firstLine ?? clock.now).duration(to: clock.now)
        logger.info("ingest finished", metadata: ProgressReporter.metadata(summary, linesPerSecond: summary.linesPerSecond))
        return summary
    }

    /// Commits the batch; false when it conflicted and the source was rewound.
    private func commit(_ builder: inout IngestBatchBuilder, into summary: inout IngestSummary) async throws -> Bool {
        var counters = builder.counters
        let batch = builder.makeCommit()
        var delay = Duration.milliseconds(500)
        while true {
            do {
                let outcome = try await store.commit(batch)
                counters.recommendations -= outcome.duplicates
                counters.quarantinedByRule[MovieLogError.Code.duplicate.name, default: 0] += outcome.duplicates
                summary.counters.add(counters)
                summary.batches += 1
                return true
            } catch let error as StoreError where error.code == .offsetConflict {
                summary.conflicts += 1
                logger.warning("batch rolled back", metadata: ["ingest.reason": "\(error.message)"])
                try await source.rewind()
                return false
            } catch {
                if Task.isCancelled { throw error }
                logger.error("commit failed; retrying", metadata: [
                    "ingest.error": "\(error)", "ingest.retry_in": "\(delay)",
                    "hint": "check that PostgreSQL is reachable at the database URL",
                ])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }
}

extension Timestamp {
    /// The wall clock now (the ingest clock that far-future times are judged against).
    static var current: Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}
