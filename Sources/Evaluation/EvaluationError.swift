/// An error from evaluation, saying what was wrong and what to do.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// An input file or table is missing or malformed.
        public static let input = Code(name: "input")
        /// The data cannot be evaluated (too few users, say).
        public static let data = Code(name: "data")

        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "evaluation \(code): \(message)" }
}
