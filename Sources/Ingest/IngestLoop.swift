import Logging
import MovieLog
import Store

/// The ingest loop's state between reads: the batch being built, its timing, the assignment
/// generation it belongs to, and the running summary. No I/O; ``IngestService`` drives it.
struct IngestLoop {
    private let configuration: IngestConfiguration
    private let logger: Logger
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var builder: IngestBatchBuilder
    private var generation: UInt64?
    private var batchStarted: ContinuousClock.Instant?
    private var firstLine: ContinuousClock.Instant?
    private var progress: ProgressReporter
    private var summary = IngestSummary()
    /// The last commit was rolled back: everything since is void until the source rewinds.
    private(set) var conflicted = false

    init(service: IngestService) {
        configuration = service.configuration
        logger = service.logger
        started = clock.now
        var parser = MovieLogParser(now: .current)
        parser.configuration.futureSkew = service.configuration.futureSkew
        builder = IngestBatchBuilder(groupID: service.source.groupID, source: service.source.sourceName, parser: parser)
        progress = ProgressReporter(interval: service.configuration.progressInterval, start: started)
    }

    /// How many lines the next read may return.
    var room: Int { min(max(1, configuration.batchLines - builder.lineCount), 10_000) }

    /// Adds a read's lines to the batch (starting afresh when the assignment changed).
    mutating func take(_ read: SourceRead) {
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
    }

    /// Whether the batch should be committed now: full, old enough, or the source is drained.
    func isDue(_ read: SourceRead) -> Bool {
        builder.lineCount >= configuration.batchLines || read.messages.isAtEnd || read.isFinished
            || batchStarted.map { $0.duration(to: clock.now) >= configuration.batchInterval } ?? false
    }

    /// The batch as a commit with its counts, leaving an empty batch; `nil` when empty.
    mutating func makeBatch() -> (counters: IngestCounters, commit: IngestCommit)? {
        guard builder.lineCount > 0 else { return nil }
        batchStarted = nil
        let counters = builder.counters
        return (counters, builder.makeCommit())
    }

    /// Records how a commit ended.
    mutating func settle(_ result: CommitResult) {
        switch result {
        case .committed(let counters):
            summary.counters.add(counters)
            summary.batches += 1
        case .conflicted:
            summary.conflicts += 1
            conflicted = true
        }
    }

    /// The source went back to the stored positions: drop the batch in hand.
    mutating func rewound() {
        conflicted = false
        generation = nil
        batchStarted = nil
    }

    /// Runs `work`, adding its duration to the summary field at `wait`.
    mutating func timed<Result>(
        _ wait: WritableKeyPath<IngestSummary, Duration>, _ work: () async throws -> Result
    ) async rethrows -> Result {
        let start = clock.now
        defer { summary[keyPath: wait] += start.duration(to: clock.now) }
        return try await work()
    }

    /// Whether the loop should stop after this read.
    func isDone(_ read: SourceRead) -> Bool {
        read.isFinished || (configuration.stopAtEnd && read.messages.isAtEnd && builder.lineCount == 0)
    }

    /// Logs progress when it is due.
    mutating func report() {
        updateTimes()
        progress.report(summary, now: clock.now, logger: logger)
    }

    /// The final summary, also logged.
    mutating func finish() -> IngestSummary {
        updateTimes()
        logger.info(
            "ingest finished", metadata: ProgressReporter.metadata(summary, linesPerSecond: summary.linesPerSecond))
        return summary
    }

    private mutating func updateTimes() {
        summary.elapsed = started.duration(to: clock.now)
        summary.sinceFirstLine = (firstLine ?? clock.now).duration(to: clock.now)
    }
}
