/// One movie's metadata, as the catalog stores it in `movies`.
public struct MovieRecord: Sendable, Hashable {
    /// The movie-log id (a slug such as `the+godfather+1972`); interactions join on it.
    public var movieID: String
    public var title: String?
    /// The release year: an answer's `year` field if present, else the year of its `release_date`.
    public var year: Int16?
    /// Genre names in the order given, without duplicates; empty when unknown.
    public var genres: [String]
    /// Minutes; `nil` when unknown (an answer's 0 means unknown too).
    public var runtime: Int32?

    public init(movieID: String, title: String? = nil, year: Int16? = nil, genres: [String] = [], runtime: Int32? = nil)
    {
        self.movieID = movieID
        self.title = title
        self.year = year
        self.genres = genres
        self.runtime = runtime
    }
}
