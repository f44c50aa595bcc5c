/// An error of the ingest pipeline itself (its sources and its loop), saying what to do.
public struct IngestError: Error, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable { case source, conflict }
        private let kind: Kind
        /// The input could not be opened or read.
        public static let source = Code(kind: .source)
        /// Another writer advanced this source's positions.
        public static let conflict = Code(kind: .conflict)

        public var description: String { kind.rawValue }
        private init(kind: Kind) { self.kind = kind }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension IngestError: CustomStringConvertible {
    public var description: String { "ingest \(code): \(message)" }
}
