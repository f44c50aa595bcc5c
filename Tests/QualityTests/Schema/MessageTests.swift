import Quality
import Testing

/// Messages say what was wrong in an operator's words, and errors carry their paths.
@Suite struct MessageTests {
    static let ratingSchema = #"""
        {"type": "object", "required": ["user_id"],
         "properties": {"rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
                        "items": {"type": "array", "items": {"$ref": "#/$defs/slug"}}},
         "$defs": {"slug": {"description": "a lower-case slug", "type": "string", "pattern": "^[a-z]+$"}}}
        """#

    @Test func maximumNamesMemberValueAndLimit() throws {
        let errors = try Schemas.compile(Self.ratingSchema).validate(
            try JSONValue(parsing: #"{"user_id": 1, "rating": 7}"#))
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.message == "rating 7 is above the maximum 5")
        #expect(error.instancePath == "/rating")
        #expect(error.schemaPath == "/properties/rating/maximum")
        #expect(error.keyword == "maximum")
        #expect(error.rule == "rating/maximum")
        #expect(error.description == "rating/maximum: rating 7 is above the maximum 5")
    }

    @Test func typeNamesWhatItGotAndWhatWasExpected() throws {
        let errors = try Schemas.compile(Self.ratingSchema).validate(
            try JSONValue(parsing: #"{"user_id": 1, "rating": "seven"}"#))
        #expect(errors.map(\.message) == [#"rating "seven" is a string, not integer or null"#])
    }

    @Test func requiredNamesTheMissingMember() throws {
        let errors = try Schemas.compile(Self.ratingSchema).validate(try JSONValue(parsing: "{}"))
        #expect(errors.map(\.message) == [#"the record has no "user_id", which is required"#])
        #expect(errors.map(\.rule) == ["user_id/required"])
        #expect(errors.map(\.instancePath) == [""])
    }

    @Test func patternInsideArrayUsesIndexAndDescription() throws {
        let errors = try Schemas.compile(Self.ratingSchema).validate(
            try JSONValue(parsing: #"{"user_id": 1, "items": ["ok", "Not OK\u0007"]}"#))
        let error = try #require(errors.first)
        #expect(error.instancePath == "/items/1")
        #expect(error.schemaPath == "/$defs/slug/pattern")
        #expect(error.rule == "items/pattern")
        #expect(
            error.message == #"items[1] "Not OK\u0007" does not match the pattern ^[a-z]+$; expected a lower-case slug"#
        )
    }

    @Test func conditionalErrorsSayWhyTheyApply() throws {
        let schema = try Schemas.compile(
            #"""
            {"if": {"description": "the row has no rating", "properties": {"rating": {"type": "null"}}},
             "then": {"properties": {"minutes": {"exclusiveMinimum": 0}}}}
            """#)
        let errors = schema.validate(try JSONValue(parsing: #"{"rating": null, "minutes": 0}"#))
        #expect(errors.map(\.message) == ["minutes 0 is not above 0 (applies when the row has no rating)"])
        #expect(errors.map(\.schemaPath) == ["/then/properties/minutes/exclusiveMinimum"])
    }

    @Test func anyOfListsEachAlternativesComplaint() throws {
        let schema = try Schemas.compile(#"{"anyOf": [{"const": 0}, {"minimum": 100, "maximum": 599}]}"#)
        let errors = schema.validate(.integer(99))
        #expect(
            errors.map(\.message) == [
                "the record matches none of the allowed forms: (1) the record 99 is not 0; (2) the record 99 is below the minimum 100"
            ])
    }

    @Test func pointerEscapesSlashAndTilde() throws {
        let schema = try Schemas.compile(#"{"properties": {"a/b~c": {"type": "string"}}}"#)
        let errors = schema.validate(try JSONValue(parsing: #"{"a/b~c": 1}"#))
        #expect(errors.map(\.instancePath) == ["/a~1b~0c"])
        #expect(errors.map(\.schemaPath) == ["/properties/a~1b~0c/type"])
    }

    @Test func longValuesAreCutInMessages() throws {
        let schema = try Schemas.compile(#"{"maxLength": 256}"#)
        let errors = schema.validate(.string(String(repeating: "a", count: 300)))
        let message = try #require(errors.first?.message)
        // 57 characters of the value ("aaa…), then an ellipsis.
        #expect(
            message == "the record \"" + String(repeating: "a", count: 56)
                + "… is 300 characters long; the maximum is 256")
    }

    @Test func falseSchemaPointsAtItself() throws {
        let errors = try Schemas.compile(#"{"properties": {"legacy": false}}"#).validate(
            try JSONValue(parsing: #"{"legacy": 1}"#))
        #expect(errors.map(\.schemaPath) == ["/properties/legacy"])
        #expect(errors.map(\.message) == ["legacy 1 is not allowed here"])
    }
}
