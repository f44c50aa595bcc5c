/// Why a log line was rejected: the rule it broke (``Code``) and a message that names the
/// field and what was wrong with it. Rejected lines go to quarantine verbatim.
public struct MovieLogError: Error, Hashable, Sendable {
    /// The rule a rejected line broke; `name` is what the quarantine table stores as `rule`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable, CaseIterable {
            case empty, encoding, truncated, unknownKind = "unknown_kind", timestamp
            case futureTimestamp = "future_timestamp", userID = "user_id", movieID = "movie_id"
            case minute, rating, request, server, status, result, latency, duplicate
        }
        private let kind: Kind

        /// The message was empty (zero bytes, or only a line ending).
        public static let empty = Code(kind: .empty)
        /// The bytes are not valid UTF-8.
        public static let encoding = Code(kind: .encoding)
        /// The line ends before a required field.
        public static let truncated = Code(kind: .truncated)
        /// The line is none of the three kinds (watch, rate, recommendation).
        public static let unknownKind = Code(kind: .unknownKind)
        /// The time is not `YYYY-MM-DDTHH:MM[:SS[.fraction]]` or names no real instant.
        public static let timestamp = Code(kind: .timestamp)
        /// The time lies more than the allowed skew ahead of the ingest clock.
        public static let futureTimestamp = Code(kind: .futureTimestamp)
        /// The user id is not a positive decimal integer of 1 to 10 digits.
        public static let userID = Code(kind: .userID)
        /// The movie id breaks the slug rule.
        public static let movieID = Code(kind: .movieID)
        /// The minute of a watch line is not a decimal integer >= 0.
        public static let minute = Code(kind: .minute)
        /// The rating is not one digit from 1 to 5.
        public static let rating = Code(kind: .rating)
        /// The request path of a watch or rate line is malformed.
        public static let request = Code(kind: .request)
        /// The recommendation server is not `host:port`.
        public static let server = Code(kind: .server)
        /// The recommendation status is not an HTTP status number.
        public static let status = Code(kind: .status)
        /// The recommendation result is not a list of movie ids (status 200) or not clean text.
        public static let result = Code(kind: .result)
        /// The recommendation latency is not an integer and a unit.
        public static let latency = Code(kind: .latency)
        /// The line repeats an earlier recommendation line byte for byte.
        public static let duplicate = Code(kind: .duplicate)

        /// Every code, in a stable order.
        public static let all: [Code] = Kind.allCases.map { Code(kind: $0) }

        /// The snake_case name stored in quarantine, e.g. `user_id`.
        public var name: String { kind.rawValue }
        public var description: String { name }

        /// The code with this stored name, if any.
        public init?(name: String) {
            guard let kind = Kind(rawValue: name) else { return nil }
            self.kind = kind
        }

        private init(kind: Kind) { self.kind = kind }
    }

    /// The rule the line broke.
    public var code: Code
    /// What was wrong, in which field, safe to show an operator (the line itself is never
    /// quoted whole; see quarantine for the raw bytes).
    public var message: String

    /// Creates a rejection.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension MovieLogError {
    /// The rejection of a recommendation line repeated byte for byte, whether the first copy
    /// is in the same batch or stored by an earlier one (so any batching quarantines alike).
    public static let duplicateRecommendation = MovieLogError(
        .duplicate, "same bytes as an earlier recommendation line; the first copy is stored")
}

extension MovieLogError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "\(code.name): \(message)" }
    public var debugDescription: String { "MovieLogError(code: \(code.name), message: \(message))" }
}
