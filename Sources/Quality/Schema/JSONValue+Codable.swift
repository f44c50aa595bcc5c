import Foundation

extension JSONValue: Codable {
    /// Decodes any JSON value; integers that fit `Int64` become ``integer(_:)``.
    ///
    /// Each failed attempt throws (and builds) a `DecodingError`, so the kinds are tried by how
    /// often they occur below the top level of a row: strings, then numbers (`Int64` before
    /// `Double`), booleans, arrays, objects. With `JSONDecoder` the kinds are disjoint (it never
    /// decodes a string from a number or a boolean from `1`), so the order changes only the
    /// speed: a typical interaction row throws about 8 errors instead of 17.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Parses one JSON text (UTF-8).
    ///
    /// - Throws: ``QualityError`` with code `json` when the bytes are not one JSON value.
    public init(parsing data: Data) throws {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw QualityError(.json, "the text is not valid JSON: \(Self.reason(error))", underlying: error)
        }
    }

    /// Parses one JSON text given as a string.
    public init(parsing text: String) throws {
        try self.init(parsing: Data(text.utf8))
    }

    /// Converts any `Encodable` value (a manifest, a drift report) to a JSON value.
    public init(encoding value: some Encodable) throws {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        } catch {
            throw QualityError(.json, "the value cannot be encoded as JSON: \(Self.reason(error))", underlying: error)
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        case EncodingError.invalidValue(_, let context):
            return context.debugDescription
        default:
            return String(describing: error)
        }
    }
}
