/// A JSON value as JSON Schema sees it: null, boolean, number, string, array or object.
///
/// Numbers keep whether they were written as integers (``integer(_:)``, anything that fits
/// `Int64`) or not (``number(_:)``). JSON Schema 2020-12 compares numbers by value, so
/// equality and hashing do too: `.integer(1) == .number(1.0)`, and `1.0` has type
/// `"integer"` (a number with a zero fractional part is an integer in 2020-12).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number that fits `Int64` exactly.
    case integer(Int64)
    /// Any other number (always finite when parsed from JSON).
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// The JSON Schema type name of this value's primary type: `null`, `boolean`, `integer`
    /// (also for integral doubles such as `1.0`), `number`, `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number(let value): value.isFinite && value.rounded(.towardZero) == value ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The members of an object, or `nil` for any other value.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil` for any other value.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text of a string, or `nil` for any other value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of a number as a `Double` (rounded if an integer is beyond 2^53), or `nil`.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The value of a number that is an integer fitting `Int64` (`3` or `3.0`), or `nil`.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// Whether this is a number (integer or not).
    var isNumber: Bool {
        switch self {
        case .integer, .number: true
        default: false
        }
    }

    /// The member `key` of an object; `nil` for a missing key or a value that is no object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: Equatable {
    /// JSON Schema equality: numbers by mathematical value, arrays element by element,
    /// objects by their key sets and values; `true` is never equal to `1`.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        case (.integer, _), (.number, _): lhs.isNumber && rhs.isNumber && NumberOrder.compare(lhs, rhs) == 0
        default: false
        }
    }
}

extension JSONValue: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        // Equal numbers must hash alike: an integral double hashes as the integer it equals.
        case .integer(let value): hasher.combine(value)
        case .number(let value):
            if let exact = Int64(exactly: value) { hasher.combine(exact) } else { hasher.combine(value) }
        case .string(let value): hasher.combine(value)
        case .array(let value): hasher.combine(value)
        case .object(let value): hasher.combine(value)
        }
    }
}
