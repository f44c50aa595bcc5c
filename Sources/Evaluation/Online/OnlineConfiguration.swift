/// The rules of the online join, in one place.
///
/// Instants are nanoseconds since 1970 (UTC), as printed in the log; `Timestamp` converts.
public struct OnlineConfiguration: Sendable, Hashable {
    /// The attribution window: an event at A converts on a minute line of a listed movie at T
    /// with A < T ≤ A + window (MOVIELOG.md). Default 1 hour.
    public var windowNanoseconds: Int64 = 3_600_000_000_000
    /// How far before the client's event a served answer may lie and still be the one the
    /// client logged (the call, the client's own logging and clock skew). Default 10 s.
    public var servedBeforeNanoseconds: Int64 = 10_000_000_000
    /// How far after the client's event a served answer may lie (the server's clock ahead of
    /// the client's). Default 2 s.
    public var servedAfterNanoseconds: Int64 = 2_000_000_000
    /// The width of one point of the report's time series (and of a `wtr_windows` row),
    /// by the event's instant. Default 1 hour.
    public var bucketSeconds: Int64 = 3600

    public init(window seconds: Int64 = 3600, bucketSeconds: Int64 = 3600) {
        self.windowNanoseconds = seconds * 1_000_000_000
        self.bucketSeconds = bucketSeconds
    }

    /// The start (seconds since 1970) of the bucket holding instant `nanoseconds`.
    public func bucket(of nanoseconds: Int64) -> Int64 {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1
        let remainder = seconds % bucketSeconds
        return seconds - (remainder < 0 ? remainder + bucketSeconds : remainder)
    }
}
