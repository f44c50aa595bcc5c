import Evaluation
import Logging
import MovieLog
import ServiceLifecycle
import Store

/// The streaming online evaluator: consume the topic in its own group → ``WTRStreamBuilder`` →
/// attribute new events with the served log → write window counts, pending events, watermarks
/// and offsets in one transaction. Until graceful shutdown, or with ``Configuration/stopAtEnd``
/// until the topic is drained. Killed at any point, it resumes from the last commit and ends
/// with the same `wtr_windows` as a run that never stopped.
public struct WTRStreamService: Service {
    public struct Configuration: Sendable {
        public var online = OnlineConfiguration()
        /// How long events stay past their window for late watches and copies. Default 5 min.
        public var latenessSeconds: Int64 = 300
        /// Lines per commit at most. Default 50,000.
        public var batchLines = 50_000
        /// A batch is committed at least this often. Default 1 s.
        public var batchInterval: Duration = .seconds(1)
        public var pollTimeout: Duration = .milliseconds(200)
        /// Stop once every assigned partition is drained and committed.
        public var stopAtEnd = false

        public init() {}
    }

    /// What one run did.
    public struct Summary: Sendable {
        public var lines = 0
        public var rejected = 0
        public var duplicates = 0
        public var commits = 0
        public var conflicts = 0
        /// The most events held in memory at a commit.
        public var peakHeldEvents = 0
    }

    public let source: any LineSource
    public let store: Store
    public let configuration: Configuration
    public let logger: Logger
    /// Called after each commit (the CLI rewrites its report from it).
    public let afterCommit: @Sendable (Summary) async -> Void

    public init(
        source: any LineSource, store: Store, configuration: Configuration, logger: Logger,
        afterCommit: @escaping @Sendable (Summary) async -> Void = { _ in }
    ) {
        self.source = source
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.afterCommit = afterCommit
    }

    public func run() async throws { _ = try await evaluate() }

    /// Runs the loop and returns what it did.
    public func evaluate() async throws -> Summary {
        let clock = ContinuousClock()
        var builder = WTRStreamBuilder(
            groupID: source.groupID, topic: source.sourceName, configuration: configuration.online,
            lateness: configuration.latenessSeconds * 1_000_000_000, parser: MovieLogParser(now: .current))
        var generation: UInt64?
        var batchStarted: ContinuousClock.Instant?
        var summary = Summary()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let room = min(max(1, configuration.batchLines - builder.lineCount), 10_000)
            let read = try await source.read(maxLines: room, timeout: configuration.pollTimeout)
            let messages = read.messages
            if messages.generation != generation {
                let partitions = messages.startOffsets.keys.sorted()
                builder.reset(
                    startOffsets: messages.startOffsets,
                    pending: try await store.wtrPending(
                        groupID: source.groupID, topic: source.sourceName, partitions: partitions),
                    watermarks: try await store.wtrWatermarks(
                        groupID: source.groupID, topic: source.sourceName, partitions: partitions))
                generation = messages.generation
                batchStarted = nil
            }
            builder.parser.now = .current
            for entry in messages.entries {
                messages.withBytes(of: entry) { builder.add(partition: entry.partition, offset: entry.offset, bytes: $0) }
            }
            if builder.lineCount > 0, batchStarted == nil { batchStarted = clock.now }
            let due =
                builder.lineCount >= configuration.batchLines || messages.isAtEnd || read.isFinished
                || batchStarted.map { $0.duration(to: clock.now) >= configuration.batchInterval } ?? false
            if due, builder.lineCount > 0 {
                batchStarted = nil
                if try await !commit(&builder, &summary) {
                    try await source.rewind()
                    generation = nil
                    continue
                }
                await afterCommit(summary)
            }
            if read.isFinished || (configuration.stopAtEnd && messages.isAtEnd && builder.lineCount == 0) { break }
        }
        if builder.lineCount > 0, try await commit(&builder, &summary) { await afterCommit(summary) }
        await source.close()
        logger.info(
            "online evaluation stopped",
            metadata: [
                "wtr.lines": "\(summary.lines)", "wtr.commits": "\(summary.commits)",
                "wtr.duplicates": "\(summary.duplicates)", "wtr.peak_held_events": "\(summary.peakHeldEvents)",
            ])
        return summary
    }

    /// Attributes and writes the batch; false when another consumer had moved a partition.
    private func commit(_ builder: inout WTRStreamBuilder, _ summary: inout Summary) async throws -> Bool {
        var served: [ServedAnswer] = []
        if let need = builder.attributionSpan {
            let online = configuration.online
            served = try await store.served(
                fromMicroseconds: (need.span.lowerBound - online.servedBeforeNanoseconds) / 1000 - 1,
                throughMicroseconds: (need.span.upperBound + online.servedAfterNanoseconds) / 1000 + 1
            ).filter { need.users.contains($0.userID) }.map(ServedAnswer.init)
        }
        let counts = (lines: builder.lineCount, rejected: builder.rejected, duplicates: builder.duplicates)
        let batch = builder.makeCommit(served: served)
        var delay = Duration.milliseconds(500)
        while true {
            do {
                try await store.commit(batch)
                break
            } catch let error as StoreError where error.code == .offsetConflict {
                logger.warning("WTR batch rolled back", metadata: ["wtr.reason": "\(error.message)"])
                summary.conflicts += 1
                return false
            } catch {
                if Task.isCancelled { throw error }
                logger.error(
                    "WTR commit failed; retrying",
                    metadata: [
                        "wtr.error": "\(error)", "wtr.retry_in": "\(delay)",
                        "hint": "check that PostgreSQL is reachable at the database URL",
                    ])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
        summary.lines += counts.lines
        summary.rejected += counts.rejected
        summary.duplicates += counts.duplicates
        summary.commits += 1
        summary.peakHeldEvents = max(summary.peakHeldEvents, builder.heldEvents)
        return true
    }
}

extension ServedAnswer {
    /// The answer as attribution sees a served-log row.
    public init(_ record: ServedRecord) {
        self.init(
            requestID: record.requestID, userID: record.userID, at: record.at * 1000,
            experimentID: record.experimentID, variant: record.variant, modelVersion: record.modelVersion,
            items: record.line)
    }
}
