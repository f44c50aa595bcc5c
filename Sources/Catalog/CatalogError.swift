/// Why a metadata answer or file row could not be used, or why a catalog run failed.
///
/// A rejected answer is not thrown: parsing returns it (as a `Result`) so the raw bytes go to
/// `catalog_rejects` with ``reason`` and the run goes on. Only run-level failures (an unreadable
/// file, an unusable API URL) are thrown.
public struct CatalogError: Error, Sendable, Hashable {
    /// What kind of problem this is; its text is the first words of every reject reason.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case notFound = "not found"
            case errorAnswer = "error answer"
            case malformedJSON = "malformed json"
            case notAnObject = "not an object"
            case missingField = "missing field"
            case wrongType = "wrong type"
            case outOfRange = "out of range"
            case invalidID = "invalid id"
            case idMismatch = "id mismatch"
            case malformedRow = "malformed row"
            case httpStatus = "http status"
            case transport = "transport"
            case file = "file"
            case usage = "usage"
        }
        private let kind: Kind
        /// The API answered 404 or `{"message": "… not found"}`.
        public static let notFound = Code(kind: .notFound)
        /// The API answered with a `message` that is not a not-found answer.
        public static let errorAnswer = Code(kind: .errorAnswer)
        /// The bytes are not JSON (or not UTF-8).
        public static let malformedJSON = Code(kind: .malformedJSON)
        /// The JSON is valid but not an object.
        public static let notAnObject = Code(kind: .notAnObject)
        /// A required field (the id) is absent or null.
        public static let missingField = Code(kind: .missingField)
        /// A field has a type that cannot mean what it should (e.g. `"runtime": "long"`).
        public static let wrongType = Code(kind: .wrongType)
        /// A number or code outside its plausible range (age 430, year 12, gender `Q`).
        public static let outOfRange = Code(kind: .outOfRange)
        /// The id is not a movie-log id (a slug, or a positive decimal user id).
        public static let invalidID = Code(kind: .invalidID)
        /// The API answered for another id than the one asked for.
        public static let idMismatch = Code(kind: .idMismatch)
        /// A RecBole row has too few columns or an unusable id.
        public static let malformedRow = Code(kind: .malformedRow)
        /// The API kept answering an HTTP status that is neither success nor not-found.
        public static let httpStatus = Code(kind: .httpStatus)
        /// The API could not be reached, after every retry.
        public static let transport = Code(kind: .transport)
        /// An input file could not be read.
        public static let file = Code(kind: .file)
        /// The command was given options that do not fit together.
        public static let usage = Code(kind: .usage)

        public var description: String { kind.rawValue }
        private init(kind: Kind) { self.kind = kind }
    }

    public var code: Code
    /// Details after the code, e.g. `runtime is "long", not a whole number`; empty when the code says it all.
    public var detail: String

    public init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// The text stored in `catalog_rejects.reason`: the code, then the detail (`not found`,
    /// `wrong type: age is "old", not a whole number`).
    public var reason: String { detail.isEmpty ? code.description : "\(code): \(detail)" }
}

extension CatalogError: CustomStringConvertible {
    public var description: String { "catalog \(reason)" }
}
