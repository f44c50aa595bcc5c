/// One user×movie pair: the key of an `interactions` row.
public struct InteractionKey: Hashable, Sendable {
    /// The user id as printed in the log.
    public var userID: Int64
    /// The movie's slug.
    public var movieID: String

    /// Creates the key of `userID`'s row for `movieID`.
    public init(userID: Int64, movieID: String) {
        self.userID = userID
        self.movieID = movieID
    }
}
