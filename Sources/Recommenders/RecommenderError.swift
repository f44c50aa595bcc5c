/// An error from the recommenders, saying what was wrong and what to do.
public struct RecommenderError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// A model artifact is not one this Marquee can read.
        public static let artifact = Code(name: "artifact")
        /// There is nothing to train on.
        public static let data = Code(name: "data")

        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "recommender \(code): \(message)" }
}
