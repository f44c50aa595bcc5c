import Foundation

/// A JSON Schema (2020-12) document, compiled once and then used for any number of instances.
///
/// Only the keywords listed in schemas/README.md are implemented; loading a document that
/// uses any other keyword throws, so a schema can never rely on a check that is skipped.
/// `format` is an annotation (never asserted), as in 2020-12 and in Python's `jsonschema`
/// without a format checker.
///
/// ```swift
/// let schema = try JSONSchema(data: Data(contentsOf: url), name: "rating.schema.json")
/// for error in schema.validate(try JSONValue(parsing: #"{"rating": 7}"#)) {
///     print(error.rule, error.message)   // rating/maximum  rating 7 is above the maximum 5
/// }
/// ```
public struct JSONSchema: Sendable {
    /// The document's name in messages (its file name, when loaded from a file).
    public let name: String
    /// The document's `$id`, if set.
    public let id: String?
    /// The document's `title`, if set.
    public let title: String?
    /// The document as loaded.
    public let document: JSONValue
    private let evaluator: SchemaEvaluator

    /// Compiles a schema document.
    ///
    /// - Parameters:
    ///   - document: the schema (an object or a boolean).
    ///   - name: how messages name the document, e.g. `interaction.schema.json`.
    /// - Throws: ``QualityError`` with code `schema` when the document is malformed, uses a
    ///   keyword the validator does not implement, or a `$ref` other than `#` or `#/$defs/<name>`.
    public init(_ document: JSONValue, name: String = "schema") throws {
        var compiler = SchemaCompiler(documentName: name)
        self.evaluator = SchemaEvaluator(nodes: try compiler.compileDocument(document))
        self.name = name
        self.id = document["$id"]?.stringValue
        self.title = document["title"]?.stringValue
        self.document = document
    }

    /// Parses and compiles a schema document from JSON text.
    ///
    /// - Throws: ``QualityError`` with code `json` or `schema`.
    public init(data: Data, name: String = "schema") throws {
        do {
            try self.init(try JSONValue(parsing: data), name: name)
        } catch var error as QualityError where error.code == .json {
            error.message = "\(name): \(error.message)"
            throw error
        }
    }

    /// Every way `instance` breaks the schema (empty when it is valid), in a stable order.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        var path = InstancePath()
        var sink = SchemaEvaluator.Sink(collecting: true)
        evaluator.evaluate(evaluator.nodes[0], instance, &path, &sink)
        return sink.errors
    }

    /// Whether `instance` is valid; faster than ``validate(_:)`` because it stops at the first
    /// failure and builds no messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        var path = InstancePath()
        return evaluator.passes(evaluator.nodes[0], instance, &path)
    }
}
