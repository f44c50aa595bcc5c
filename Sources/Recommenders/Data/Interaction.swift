/// One user × movie interaction as training and evaluation see it (a row of `interactions`,
/// or a line of a MovieLens `.inter` file).
public struct Interaction: Sendable, Hashable {
    public var userID: Int64
    public var movieID: String
    /// Distinct minutes streamed (0 when the movie was only rated).
    public var minutesWatched: Int
    /// The latest rating, 1…5, if any.
    public var rating: Int?
    /// When the user first engaged with the movie, in microseconds since 1970: the first
    /// streamed minute, or the rating's time when the movie was never streamed. The
    /// chronological split and the recency decay use it.
    public var at: Int64

    public init(userID: Int64, movieID: String, minutesWatched: Int, rating: Int?, at: Int64) {
        self.userID = userID
        self.movieID = movieID
        self.minutesWatched = minutesWatched
        self.rating = rating
        self.at = at
    }
}
