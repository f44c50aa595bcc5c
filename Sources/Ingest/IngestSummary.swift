/// What an ingest run committed, for the progress log and the final summary.
public struct IngestSummary: Sendable, Hashable {
    /// Counts over committed batches.
    public var counters = IngestCounters()
    public var batches = 0
    /// Batches rolled back because another consumer had moved their partitions.
    public var conflicts = 0
    /// Time spent waiting for the source (Kafka fetches, file reads).
    public var readWait: Duration = .zero
    /// Time spent waiting for the previous batch's commit before the next could start.
    public var commitWait: Duration = .zero
    /// Kafka offsets jumped over because their messages were gone (retention) when read.
    public var skippedOffsets: Int64 = 0
    /// Messages behind the high watermark at the last read.
    public var lag: Int64 = 0
    /// Wall time of the run.
    public var elapsed: Duration = .zero
    /// Wall time from the first line read to the end (without start-up and group join).
    public var sinceFirstLine: Duration = .zero

    public init() {}

    /// Lines per second from the first line read to the end.
    public var linesPerSecond: Double {
        let seconds = Double(sinceFirstLine.components.seconds) + Double(sinceFirstLine.components.attoseconds) / 1e18
        return seconds > 0 ? Double(counters.lines) / seconds : 0
    }
}
