/// One input item after parsing: a movie, a user, or a reject to keep verbatim.
public enum CatalogEntry: Sendable, Hashable {
    case movie(MovieRecord)
    case user(UserRecord)
    case reject(CatalogReject)
}

/// An answer or file row that could not be used, kept byte for byte with the reason.
public struct CatalogReject: Sendable, Hashable {
    /// Which table the input was meant for.
    public enum Kind: String, Sendable, Hashable {
        case movie, user
    }

    public var kind: Kind
    /// The movie or user id when one could be read, else `line:<n>` (the input's line number).
    public var key: String
    /// The answer body or the file line, unchanged.
    public var raw: [UInt8]
    public var error: CatalogError

    public init(kind: Kind, key: String, raw: [UInt8], error: CatalogError) {
        self.kind = kind
        self.key = key
        self.raw = raw
        self.error = error
    }
}
