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
    ///
    /// Batch N is written by a child task while batch N+1 is read and parsed; a commit starts
    /// only after the previous one has landed, so positions advance in order.
    public func ingest() async throws -> IngestSummary {
        var loop = IngestLoop(service: self)
        try await withThrowingTaskGroup(of: CommitResult.self) { commits in
            while true {
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    let room = loop.room
                    let read = try await loop.timed(\.readWait) {
                        try await source.read(maxLines: room, timeout: configuration.pollTimeout)
                    }
                    loop.take(read)
                    if loop.isDue(read), let batch = loop.makeBatch() {
                        if let result = try await loop.timed(\.commitWait, { try await commits.next() }) {
                            loop.settle(result)
                        }
                        if loop.conflicted {
                            try await rewind(&loop)
                            continue
                        }
                        commits.addTask { try await self.write(batch.commit, counters: batch.counters) }
                    }
                    loop.report()
                    if loop.isDone(read) { break }
                }
                if let result = try await commits.next() { loop.settle(result) }
                if !loop.conflicted, let batch = loop.makeBatch() {
                    loop.settle(try await write(batch.commit, counters: batch.counters))
                }
                guard loop.conflicted else { break }
                try await rewind(&loop)
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
            }
        }
        await source.close()
        return loop.finish()
    }

    private func rewind(_ loop: inout IngestLoop) async throws {
        try await source.rewind()
        loop.rewound()
    }

    /// Writes one batch, retrying with backoff while the database is unreachable.
    private func write(_ batch: IngestCommit, counters: IngestCounters) async throws -> CommitResult {
        var delay = Duration.milliseconds(500)
        while true {
            do {
                let outcome = try await store.commit(batch)
                var counters = counters
                counters.recommendations -= outcome.duplicates
                counters.quarantinedByRule[MovieLogError.Code.duplicate.name, default: 0] += outcome.duplicates
                return .committed(counters)
            } catch let error as StoreError where error.code == .offsetConflict {
                logger.warning("batch rolled back", metadata: ["ingest.reason": "\(error.message)"])
                return .conflicted
            } catch {
                if Task.isCancelled { throw error }
                logger.error(
                    "commit failed; retrying",
                    metadata: [
                        "ingest.error": "\(error)", "ingest.retry_in": "\(delay)",
                        "hint": "check that PostgreSQL is reachable at the database URL",
                    ])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }
}

/// How a commit ended.
enum CommitResult: Sendable {
    case committed(IngestCounters)
    /// Another consumer had moved a partition: the batch was rolled back.
    case conflicted
}

extension Timestamp {
    /// The wall clock now (the ingest clock that far-future times are judged against).
    static var current: Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}
