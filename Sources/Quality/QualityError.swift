/// An error from Marquee's data-quality module, saying what failed and what to do.
///
/// Bad *data* is never thrown: a row that breaks a schema is a ``ValidationError`` in the
/// result of ``JSONSchema/validate(_:)``. This error is for bad *inputs to the module*: a
/// schema document it cannot load, a JSON text it cannot parse, a drift summary that does
/// not make sense.
public struct QualityError: Error, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case json, schema, unknownSchema = "unknown_schema", driftInput = "drift_input"
        }
        private let kind: Kind
        /// A JSON text could not be parsed.
        public static let json = Code(kind: .json)
        /// A schema document is malformed or uses a keyword the validator does not implement.
        public static let schema = Code(kind: .schema)
        /// A schema was asked for by a name that is not loaded.
        public static let unknownSchema = Code(kind: .unknownSchema)
        /// A drift window summary holds impossible values (negative counts, ratings outside 1...5).
        public static let driftInput = Code(kind: .driftInput)

        public var description: String { kind.rawValue }
        private init(kind: Kind) { self.kind = kind }
    }

    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The error behind this one (a `DecodingError`, a file-system error), if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }
}

extension QualityError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "quality \(code): \(message)" }
    public var debugDescription: String {
        "QualityError(code: \(code), message: \(message), underlying: \(underlying.map { String(reflecting: $0) } ?? "nil"))"
    }
}
