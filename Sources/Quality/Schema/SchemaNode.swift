import Foundation

/// One compiled subschema: the checks to run on an instance, in document order.
///
/// Compiled once when a document is loaded, so validating a row re-reads no JSON and
/// re-compiles no pattern. The `true` schema is a node with no checks.
struct SchemaNode: Sendable {
    /// Where this subschema sits in its document, as a JSON Pointer (`""` for the root).
    var path: String
    /// The subschema's `description`, used to explain pattern and condition failures.
    var description: String?
    var checks: [SchemaCheck]
}

/// One assertion or applicator keyword of a compiled subschema.
enum SchemaCheck: Sendable {
    /// The `false` schema: nothing is valid.
    case never
    /// `type`: the allowed type names (`integer` also accepts integral numbers such as `1.0`).
    case type([String])
    case enumeration([JSONValue])
    case constant(JSONValue)
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`.
    case bound(NumericBound)
    case minLength(Int)
    case maxLength(Int)
    case pattern(SchemaPattern)
    /// `properties`, sorted by name so errors come in a stable order.
    case properties([(name: String, node: SchemaNode)])
    /// `additionalProperties`: the schema for members not named in the sibling `properties`.
    case additionalProperties(known: Set<String>, SchemaNode)
    case required([String])
    case dependentRequired([(property: String, requires: [String])])
    case items(SchemaNode)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
    /// `$ref` to the root (`#`, index 0) or to a root `$defs` entry (index 1...).
    case reference(index: Int)

    /// The keyword this check implements, for schema paths and rule names.
    var keyword: String {
        switch self {
        case .never: "false"
        case .type: "type"
        case .enumeration: "enum"
        case .constant: "const"
        case .bound(let bound): bound.kind.rawValue
        case .minLength: "minLength"
        case .maxLength: "maxLength"
        case .pattern: "pattern"
        case .properties: "properties"
        case .additionalProperties: "additionalProperties"
        case .required: "required"
        case .dependentRequired: "dependentRequired"
        case .items: "items"
        case .minItems: "minItems"
        case .maxItems: "maxItems"
        case .uniqueItems: "uniqueItems"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .reference: "$ref"
        }
    }
}

/// A numeric limit keyword and its value.
struct NumericBound: Sendable {
    enum Kind: String, Sendable {
        case minimum, maximum, exclusiveMinimum, exclusiveMaximum
    }
    var kind: Kind
    var limit: JSONValue

    /// Whether `value` (a number) satisfies the limit.
    func admits(_ value: JSONValue) -> Bool {
        let order = NumberOrder.compare(value, limit)
        switch kind {
        case .minimum: return order >= 0
        case .maximum: return order <= 0
        case .exclusiveMinimum: return order > 0
        case .exclusiveMaximum: return order < 0
        }
    }
}

/// A compiled `pattern`: searched (not anchored) in the string, as ECMA-262 and Python's
/// `re.search` do; anchors must be written in the pattern.
struct SchemaPattern: Sendable {
    var source: String
    private let expression: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        self.expression = try NSRegularExpression(pattern: source)
    }

    func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }
}
