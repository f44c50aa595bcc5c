import Quality
import Testing

/// Documents the validator cannot honour fail at load time, naming the keyword and where.
@Suite struct SchemaLoadingTests {
    @Test(arguments: [
        (
            #"{"properties": {"a": {"minProperties": 1}}}"#,
            #"at /properties/a/minProperties: keyword "minProperties" is not implemented"#
        ),
        (#"{"patternProperties": {}}"#, #"keyword "patternProperties" is not implemented by Marquee's validator"#),
        (##"{"$ref": "other.schema.json#/$defs/x"}"##, "only local references are implemented"),
        (##"{"$ref": "#/$defs/missing"}"##, "only local references are implemented"),
        (#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#, "$schema must be"),
        (#"{"properties": {"a": {"$defs": {}}}}"#, "$defs is only supported at the document root"),
        (#"{"items": [{"type": "string"}]}"#, "prefixItems is not implemented"),
        (#"{"type": "float"}"#, #""float" is not a JSON Schema type"#),
        (#"{"pattern": "(unclosed"}"#, "is not a valid regular expression"),
        (#"{"minLength": -1}"#, "expected a non-negative integer"),
        (#"{"required": ["a", "a"]}"#, "distinct strings"),
        (#"{"anyOf": []}"#, "anyOf must be a non-empty array"),
        (#"{"then": {"foo": 1}}"#, #"keyword "foo" is not implemented"#),
        ("3", "a schema must be an object or a boolean"),
    ])
    func unusableDocumentIsRefused(schema: String, expected: String) throws {
        let error = try #require(throws: QualityError.self) { try Schemas.compile(schema) }
        #expect(error.code == .schema)
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(error.message.hasPrefix("test.schema.json at "))
    }

    @Test func annotationsAndFormatAreAccepted() throws {
        let schema = try Schemas.compile(
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://marquee.example/t",
             "$comment": "c", "title": "T", "description": "d", "examples": [1], "default": 1,
             "deprecated": false, "readOnly": false, "writeOnly": false, "type": "string", "format": "date-time"}
            """#)
        #expect(schema.id == "https://marquee.example/t")
        #expect(schema.title == "T")
        // format is an annotation: a string that is no date-time is still valid.
        #expect(schema.isValid(.string("yesterday")))
    }

    @Test func malformedJSONIsAJSONError() throws {
        let error = try #require(throws: QualityError.self) { try JSONValue(parsing: "{\"a\": ") }
        #expect(error.code == .json)
    }
}
