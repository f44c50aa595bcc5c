import Quality
import Testing

/// One keyword at a time: a schema, an instance, and the rules the validator must report
/// (none for a valid instance).
struct KeywordCase: Sendable, CustomTestStringConvertible {
    var schema: String
    var instance: String
    var rules: [String]
    var testDescription: String { "\(schema) ⊢ \(instance)" }

    init(_ schema: String, _ instance: String, _ rules: [String] = []) {
        self.schema = schema
        self.instance = instance
        self.rules = rules
    }
}

@Suite struct KeywordTests {
    static let assertions: [KeywordCase] = [
        // type, single and as an array; 1.0 is an integer in 2020-12, true is not a number.
        .init(#"{"type": "integer"}"#, "3"),
        .init(#"{"type": "integer"}"#, "3.0"),
        .init(#"{"type": "integer"}"#, "3.5", ["type"]),
        .init(#"{"type": "integer"}"#, "true", ["type"]),
        .init(#"{"type": "number"}"#, "3"),
        .init(#"{"type": "string"}"#, "null", ["type"]),
        .init(#"{"type": ["integer", "null"]}"#, "null"),
        .init(#"{"type": ["integer", "null"]}"#, #""7""#, ["type"]),
        .init(#"{"type": "object"}"#, "[]", ["type"]),
        .init(#"{"type": "array"}"#, "{}", ["type"]),
        .init(#"{"type": "boolean"}"#, "0", ["type"]),
        // enum and const compare by JSON value: 1 equals 1.0, never true.
        .init(#"{"enum": ["M", "F"]}"#, #""F""#),
        .init(#"{"enum": ["M", "F"]}"#, #""m""#, ["enum"]),
        .init(#"{"enum": [1, [2]]}"#, "1.0"),
        .init(#"{"enum": [1]}"#, "true", ["enum"]),
        .init(#"{"const": {"a": [1, 2]}}"#, #"{"a": [1.0, 2]}"#),
        .init(#"{"const": 0}"#, "false", ["const"]),
        // Numeric bounds apply to numbers only; exclusive ones exclude the limit itself.
        .init(#"{"minimum": 1, "maximum": 5}"#, "5"),
        .init(#"{"minimum": 1, "maximum": 5}"#, "7", ["maximum"]),
        .init(#"{"minimum": 1, "maximum": 5}"#, "0.5", ["minimum"]),
        .init(#"{"minimum": 1}"#, #""0""#),
        .init(#"{"exclusiveMinimum": 0}"#, "0", ["exclusiveMinimum"]),
        .init(#"{"exclusiveMinimum": 0}"#, "0.001"),
        .init(#"{"exclusiveMaximum": 1.5}"#, "1.5", ["exclusiveMaximum"]),
        .init(#"{"maximum": 9007199254740992}"#, "9007199254740993", ["maximum"]),
        // Lengths count Unicode code points (é is one, 😀 is one), not bytes or UTF-16 units.
        .init(#"{"minLength": 2, "maxLength": 3}"#, #""é😀""#),
        .init(#"{"maxLength": 3}"#, #""abcd""#, ["maxLength"]),
        .init(#"{"minLength": 1}"#, #""""#, ["minLength"]),
        .init(#"{"maxLength": 1}"#, "12345"),
        // pattern searches (unanchored) unless the pattern anchors itself.
        .init(#"{"pattern": "b+"}"#, #""abbc""#),
        .init(#"{"pattern": "^b+"}"#, #""abbc""#, ["pattern"]),
        .init(#"{"pattern": "^[a-z]+(?![\\s\\S])"}"#, #""abc\n""#, ["pattern"]),
        .init(#"{"pattern": "^[a-z]+$"}"#, "42"),
        // Arrays.
        .init(#"{"items": {"type": "integer"}}"#, #"[1, "2", 3, "x"]"#, ["type", "type"]),
        .init(#"{"minItems": 1}"#, "[]", ["minItems"]),
        .init(#"{"maxItems": 1}"#, "[1, 2]", ["maxItems"]),
        .init(#"{"uniqueItems": true}"#, "[1, 2, 1.0]", ["uniqueItems"]),
        .init(#"{"uniqueItems": true}"#, "[1, true, [1], {\"a\": 1}]"),
        .init(#"{"uniqueItems": false}"#, "[1, 1]"),
        // Objects.
        .init(#"{"required": ["a", "b"]}"#, #"{"a": null}"#, ["b/required"]),
        .init(#"{"properties": {"a": {"type": "string"}}}"#, #"{"a": 1, "b": 2}"#, ["a/type"]),
        .init(
            #"{"properties": {"a": true}, "additionalProperties": false}"#, #"{"a": 1, "b": 2}"#,
            ["b/additionalProperties"]),
        .init(
            #"{"properties": {"a": true}, "additionalProperties": {"type": "integer"}}"#, #"{"a": "x", "b": "y"}"#,
            ["b/type"]),
        .init(#"{"dependentRequired": {"rating": ["rated_at"]}}"#, #"{"rating": 4}"#, ["rated_at/dependentRequired"]),
        .init(#"{"dependentRequired": {"rating": ["rated_at"]}}"#, #"{"minutes": 4}"#),
        .init(#"{"required": ["a"]}"#, "[1]"),
        // Boolean schemas.
        .init("true", "[1]"),
        .init("false", "1", ["false"]),
    ]

    static let applicators: [KeywordCase] = [
        .init(#"{"allOf": [{"minimum": 1}, {"maximum": 3}]}"#, "2"),
        .init(#"{"allOf": [{"minimum": 1}, {"maximum": 3}]}"#, "4", ["maximum"]),
        .init(#"{"anyOf": [{"const": 0}, {"minimum": 100}]}"#, "0"),
        .init(#"{"anyOf": [{"const": 0}, {"minimum": 100}]}"#, "99", ["anyOf"]),
        .init(#"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, "1"),
        .init(#"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, "3", ["oneOf"]),
        .init(#"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, "1.5", ["oneOf"]),
        .init(#"{"not": {"type": "null"}}"#, "null", ["not"]),
        .init(#"{"not": {"type": "null"}}"#, "0"),
        .init(#"{"if": {"minimum": 10}, "then": {"maximum": 20}}"#, "25", ["maximum"]),
        .init(#"{"if": {"minimum": 10}, "then": {"maximum": 20}, "else": {"minimum": 5}}"#, "3", ["minimum"]),
        .init(#"{"if": {"minimum": 10}, "then": {"maximum": 20}, "else": {"minimum": 5}}"#, "7"),
        .init(#"{"then": {"maximum": 0}}"#, "7"),
        .init(
            ##"{"$defs": {"id": {"type": "integer", "minimum": 1}}, "properties": {"a": {"$ref": "#/$defs/id"}}}"##,
            #"{"a": 0}"#, ["a/minimum"]),
        .init(
            ##"{"properties": {"next": {"$ref": "#"}}, "required": ["v"]}"##, ##"{"v": 1, "next": {"next": {}}}"##,
            ["next.next.v/required", "next.v/required"]),
        .init(##"{"$ref": "#/$defs/n", "maximum": 3, "$defs": {"n": {"minimum": 1}}}"##, "4", ["maximum"]),
    ]

    @Test("assertion keywords", arguments: assertions)
    func assertion(_ example: KeywordCase) throws {
        let schema = try Schemas.compile(example.schema)
        #expect(try Schemas.rules(schema, example.instance) == example.rules)
        #expect(schema.isValid(try JSONValue(parsing: example.instance)) == example.rules.isEmpty)
    }

    @Test("applicator keywords", arguments: applicators)
    func applicator(_ example: KeywordCase) throws {
        let schema = try Schemas.compile(example.schema)
        #expect(try Schemas.rules(schema, example.instance) == example.rules)
        #expect(schema.isValid(try JSONValue(parsing: example.instance)) == example.rules.isEmpty)
    }
}
