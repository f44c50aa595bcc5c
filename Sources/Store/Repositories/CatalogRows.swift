/// Movies, users and rejects from one catalog source, written together by ``Store/write(_:)``.
public struct CatalogRows: Sendable {
    /// A `movies` row; `nil` columns are unknown.
    public struct Movie: Sendable, Hashable {
        public var movieID: String
        public var title: String?
        public var year: Int16?
        public var genres: [String]
        public var runtime: Int32?

        public init(movieID: String, title: String?, year: Int16?, genres: [String], runtime: Int32?) {
            self.movieID = movieID
            self.title = title
            self.year = year
            self.genres = genres
            self.runtime = runtime
        }
    }

    /// A `users` row; `nil` columns are unknown.
    public struct User: Sendable, Hashable {
        public var userID: Int64
        public var age: Int16?
        public var occupation: String?
        public var gender: String?

        public init(userID: Int64, age: Int16?, occupation: String?, gender: String?) {
            self.userID = userID
            self.age = age
            self.occupation = occupation
            self.gender = gender
        }
    }

    /// A `catalog_rejects` row: the input kept verbatim with why it was not used.
    public struct Reject: Sendable, Hashable {
        /// `movie` or `user`.
        public var kind: String
        public var key: String
        public var raw: [UInt8]
        public var reason: String

        public init(kind: String, key: String, raw: [UInt8], reason: String) {
            self.kind = kind
            self.key = key
            self.raw = raw
            self.reason = reason
        }
    }

    /// Where the rows came from: `api`, `jsonl:<file>` or `recbole:<file>`.
    public var source: String
    public var movies: [Movie] = []
    public var users: [User] = []
    public var rejects: [Reject] = []

    public init(source: String) { self.source = source }

    public var isEmpty: Bool { movies.isEmpty && users.isEmpty && rejects.isEmpty }
    public var count: Int { movies.count + users.count + rejects.count }
}

/// What one ``Store/write(_:)`` changed.
public struct CatalogWriteOutcome: Sendable, Hashable {
    public var moviesInserted = 0
    public var moviesUpdated = 0
    public var usersInserted = 0
    public var usersUpdated = 0
    public var rejects = 0

    public init() {}
}
