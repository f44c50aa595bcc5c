/// Why a retrain cycle stopped: what went wrong and what to do about it.
public struct RetrainError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case gateClosed, configuration, incumbent, abandoned }
        private let kind: Kind

        /// A data check blocks: no model was trained or promoted.
        public static let gateClosed = Code(kind: .gateClosed)
        /// A setting cannot work (an unknown metric, a bad interval).
        public static let configuration = Code(kind: .configuration)
        /// The promoted model could not be read from the registry.
        public static let incumbent = Code(kind: .incumbent)
        /// Graceful shutdown stopped the cycle between two steps; nothing was promoted by it.
        public static let abandoned = Code(kind: .abandoned)

        public var description: String {
            switch kind {
            case .gateClosed: "gate closed"
            case .configuration: "configuration"
            case .incumbent: "incumbent"
            case .abandoned: "abandoned"
            }
        }
    }

    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// What the cycle had done when it stopped (for the gate: the checks and their reports).
    public var outcome: RetrainOutcome?
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, outcome: RetrainOutcome? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.outcome = outcome
        self.underlying = underlying
    }

    public var description: String { message }
    public var debugDescription: String {
        "RetrainError(\(code)): \(message)" + (underlying.map { " (cause: \(String(reflecting: $0)))" } ?? "")
    }
}
