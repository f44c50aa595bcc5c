import Foundation
import Quality
import Testing

@Suite struct JSONValueTests {
    @Test func parsingKeepsIntegersApartFromFractions() throws {
        let value = try JSONValue(
            parsing: #"{"i": 7, "f": 7.5, "big": 12345678901234567890, "s": "x", "n": null, "b": true}"#)
        #expect(value["i"] == .integer(7))
        #expect(value["f"] == .number(7.5))
        #expect(value["big"]?.typeName == "integer")  // beyond Int64: a Double with no fraction
        #expect(value["s"] == .string("x"))
        #expect(value["n"] == .null)
        #expect(value["b"] == .bool(true))
    }

    @Test func numbersCompareAndHashByValue() {
        #expect(JSONValue.integer(1) == .number(1.0))
        #expect(Set<JSONValue>([.integer(1), .number(1.0)]).count == 1)
        #expect(JSONValue.integer(1) != .bool(true))
        #expect(JSONValue.integer(9_007_199_254_740_993) != .number(9_007_199_254_740_992))
        #expect(JSONValue.number(1.0).typeName == "integer")
        #expect(JSONValue.number(1.5).typeName == "number")
        #expect(JSONValue.number(3.0).integerValue == 3)
    }

    @Test func roundTripsThroughCodable() throws {
        let value = JSONValue.object([
            "a": .array([.integer(1), .number(2.5), .null, .bool(false)]), "b": .string("é\n"),
        ])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONValue(parsing: data) == value)
    }

    @Test func encodesAnyEncodable() throws {
        struct Row: Encodable { var user_id: Int64 = 3; var rating: Int? = nil }
        #expect(try JSONValue(encoding: Row()) == .object(["user_id": .integer(3)]))
    }
}
