/// A recommendation request as the client logged it after calling the service: the source
/// of truth for availability (status, latency) and, joined with later watches, for WTR.
public struct RecommendationEvent: Hashable, Sendable {
    /// What the service answered.
    public enum Result: Hashable, Sendable {
        /// Status 200: the movie ids in rank order (1 to 20).
        case items(MovieIDList)
        /// Any other status: the error text the client logged.
        case error(String)
    }

    public var time: Timestamp
    public var userID: Int64
    /// `host:port` of the recommendation service that was called.
    public var server: String
    /// HTTP status as the client saw it (`0` for a client-side timeout).
    public var status: Int16
    public var result: Result
    /// Latency as the client measured it, in milliseconds.
    public var latencyMilliseconds: Int32

    public init(
        time: Timestamp, userID: Int64, server: String, status: Int16, result: Result,
        latencyMilliseconds: Int32
    ) {
        self.time = time
        self.userID = userID
        self.server = server
        self.status = status
        self.result = result
        self.latencyMilliseconds = latencyMilliseconds
    }

    /// The listed movie ids (empty unless the status is 200).
    public var items: MovieIDList {
        if case .items(let items) = result { return items }
        return MovieIDList([])
    }
}
