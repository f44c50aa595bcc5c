/// How ``IngestService`` batches and reports.
public struct IngestConfiguration: Sendable {
    /// Commit once a batch holds this many lines. Default 200,000: larger batches fold more
    /// lines into each user×movie row (fewer upserts); at most two batches are in memory (one
    /// being written, one being built), about 100 MB at this size.
    public var batchLines: Int = 200_000
    /// Commit once a batch's first line is this old, however small it is. Default 1 s.
    public var batchInterval: Duration = .seconds(1)
    /// Longest wait for new lines in one read. Default 200 ms.
    public var pollTimeout: Duration = .milliseconds(200)
    /// How often progress (lines/s, quarantined, lag) is logged. Default 5 s.
    public var progressInterval: Duration = .seconds(5)
    /// Stop once every assigned partition is at its end and everything is committed
    /// (backfills; a service keeps waiting for new lines). Default false.
    public var stopAtEnd: Bool = false
    /// How far ahead of the ingest clock a line's time may lie, in seconds. Default 1 day.
    public var futureSkew: Int64 = 86_400

    public init() {}
}
