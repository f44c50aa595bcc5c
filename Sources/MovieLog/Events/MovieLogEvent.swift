/// One parsed line of the movie log.
public enum MovieLogEvent: Hashable, Sendable {
    /// `<time>,<userid>,GET /data/m/<movieid>/<minute>.mpg`: one minute chunk streamed.
    case watch(Watch)
    /// `<time>,<userid>,GET /rate/<movieid>=<rating>`: explicit feedback.
    case rating(Rating)
    /// `<time>,<userid>,recommendation request <server>, status <code>, result: <result>, <latency>`.
    case recommendation(RecommendationEvent)

    /// When the line says the event happened.
    public var time: Timestamp {
        switch self {
        case .watch(let watch): watch.time
        case .rating(let rating): rating.time
        case .recommendation(let event): event.time
        }
    }

    /// The user the line is about.
    public var userID: Int64 {
        switch self {
        case .watch(let watch): watch.userID
        case .rating(let rating): rating.userID
        case .recommendation(let event): event.userID
        }
    }
}

/// A user streamed one minute chunk of a movie.
public struct Watch: Hashable, Sendable {
    public var time: Timestamp
    public var userID: Int64
    public var movieID: MovieID
    /// The one-minute chunk of the movie, >= 0.
    public var minute: Int32

    public init(time: Timestamp, userID: Int64, movieID: MovieID, minute: Int32) {
        self.time = time
        self.userID = userID
        self.movieID = movieID
        self.minute = minute
    }
}

/// A user rated a movie from 1 to 5.
public struct Rating: Hashable, Sendable {
    public var time: Timestamp
    public var userID: Int64
    public var movieID: MovieID
    /// 1 to 5.
    public var rating: Int16

    public init(time: Timestamp, userID: Int64, movieID: MovieID, rating: Int16) {
        self.time = time
        self.userID = userID
        self.movieID = movieID
        self.rating = rating
    }
}
