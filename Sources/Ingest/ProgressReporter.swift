import Logging

/// Logs ingest progress every few seconds: lines/s since the last report, totals,
/// quarantined lines and consumer lag.
struct ProgressReporter {
    let interval: Duration
    private var last: ContinuousClock.Instant
    private var linesAtLast = 0

    init(interval: Duration, start: ContinuousClock.Instant) {
        self.interval = interval
        last = start
    }

    mutating func report(_ summary: IngestSummary, now: ContinuousClock.Instant, logger: Logger) {
        let elapsed = last.duration(to: now)
        guard elapsed >= interval else { return }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(summary.counters.lines - linesAtLast) / seconds
        logger.info("ingest progress", metadata: Self.metadata(summary, linesPerSecond: rate))
        last = now
        linesAtLast = summary.counters.lines
    }

    static func metadata(_ summary: IngestSummary, linesPerSecond: Double) -> Logger.Metadata {
        [
            "ingest.lines": "\(summary.counters.lines)",
            "ingest.lines_per_second": "\(Int(linesPerSecond.rounded()))",
            "ingest.quarantined": "\(summary.counters.quarantined)",
            "ingest.lag": "\(summary.lag)",
            "ingest.skipped_offsets": "\(summary.skippedOffsets)",
            "ingest.batches": "\(summary.batches)",
            "ingest.conflicts": "\(summary.conflicts)",
            "ingest.read_wait_s": "\(summary.readWait.components.seconds)",
            "ingest.commit_wait_s": "\(summary.commitWait.components.seconds)",
        ]
    }
}
