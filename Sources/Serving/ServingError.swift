/// Serving could not do what was asked; the message says what was wrong and what to do.
public struct ServingError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case model, config, notReady, spool }
        private let kind: Kind
        /// A model could not be found or loaded.
        public static let model = Code(kind: .model)
        /// The experiment config was refused.
        public static let config = Code(kind: .config)
        /// No experiment is loaded yet.
        public static let notReady = Code(kind: .notReady)
        /// The served-log spool could not be written or read.
        public static let spool = Code(kind: .spool)
        public var description: String { "\(kind)" }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
