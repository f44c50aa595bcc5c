/// An error from Marquee's PostgreSQL store, saying what failed and what to do.
public struct StoreError: Error, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case configuration, migration, offsetConflict = "offset_conflict", query, notFound = "not_found", rejected
        }
        private let kind: Kind
        /// The database URL or options are unusable.
        public static let configuration = Code(kind: .configuration)
        /// A migration failed or the schema is newer than this binary.
        public static let migration = Code(kind: .migration)
        /// Another consumer advanced a partition this batch covers; the batch was rolled back.
        public static let offsetConflict = Code(kind: .offsetConflict)
        /// A query failed.
        public static let query = Code(kind: .query)
        /// What was asked for (a model version, say) does not exist.
        public static let notFound = Code(kind: .notFound)
        /// PostgreSQL refused the data itself (rows it cannot parse, say): sending it again will
        /// not help.
        public static let rejected = Code(kind: .rejected)

        public var description: String { kind.rawValue }
        private init(kind: Kind) { self.kind = kind }
    }

    public var code: Code
    /// What went wrong and how to fix it (no server internals; see `underlying`).
    public var message: String
    /// The PostgreSQL or client error behind this one, if any.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }
}

extension StoreError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "store \(code): \(message)" }
    public var debugDescription: String {
        "StoreError(code: \(code), message: \(message), underlying: \(underlying.map { String(reflecting: $0) } ?? "nil"))"
    }
}
