/// One user's metadata, as the catalog stores it in `users`.
public struct UserRecord: Sendable, Hashable {
    /// The movie-log user id (> 0).
    public var userID: Int64
    /// Years; `nil` when unknown.
    public var age: Int16?
    public var occupation: String?
    /// `M` or `F`; `nil` when unknown.
    public var gender: String?

    public init(userID: Int64, age: Int16? = nil, occupation: String? = nil, gender: String? = nil) {
        self.userID = userID
        self.age = age
        self.occupation = occupation
        self.gender = gender
    }
}
