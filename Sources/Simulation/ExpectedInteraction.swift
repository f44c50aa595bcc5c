import MovieLog

/// What one `interactions` row must hold after the whole stream is ingested.
///
/// Times are exact as printed; the database keeps microseconds, so compare them floored
/// (``Timestamp/microsecondsSinceEpoch``).
public struct ExpectedInteraction: Hashable, Sendable {
    /// The number of distinct minute values in the pair's valid minute lines (0 when the user
    /// only rated the movie).
    public var minutesWatched: Int
    /// The earliest time of the pair's valid minute lines; `nil` without any.
    public var firstWatch: Timestamp?
    /// The latest time of the pair's valid minute lines; `nil` without any.
    public var lastWatch: Timestamp?
    /// The winning rating: among the pair's valid rating lines, the one with the greatest
    /// microsecond-floored time, and on a tie the one later in the stream. `nil` if never rated.
    public var rating: Int16?
    /// The exact time of the winning rating line.
    public var ratedAt: Timestamp?

    /// Creates a row; by default one with nothing watched and no rating.
    public init(
        minutesWatched: Int = 0, firstWatch: Timestamp? = nil, lastWatch: Timestamp? = nil,
        rating: Int16? = nil, ratedAt: Timestamp? = nil
    ) {
        self.minutesWatched = minutesWatched
        self.firstWatch = firstWatch
        self.lastWatch = lastWatch
        self.rating = rating
        self.ratedAt = ratedAt
    }
}
