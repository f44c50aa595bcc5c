import Foundation

/// Lenient readers for the fields of one metadata answer: numbers may arrive as strings,
/// absent, `null` and blank fields are unknown (`nil`), and anything else that does not fit
/// is a typed ``CatalogError`` naming the field.
struct AnswerFields {
    let object: [String: JSONValue]

    /// Whether `key` carries a value (present and not `null`).
    func has(_ key: String) -> Bool {
        switch object[key] {
        case nil, .null?: false
        default: true
        }
    }

    /// A trimmed string; `nil` when absent, `null` or blank.
    func string(_ key: String) throws(CatalogError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case let other?: throw CatalogError(.wrongType, "\(key) is \(other.excerpt), not text")
        }
    }

    /// A whole number from a JSON number or a decimal string (`175`, `"175"`, `175.0`), within
    /// `range`; `nil` when absent, `null` or blank.
    func integer(_ key: String, in range: ClosedRange<Int64>) throws(CatalogError) -> Int64? {
        let value: Int64
        switch object[key] {
        case nil, .null?: return nil
        case .number(let number)?:
            guard let whole = Self.whole(number) else { throw Self.notWhole(key, object[key]) }
            value = whole
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let whole = Int64(trimmed) ?? Double(trimmed).flatMap(Self.whole) else {
                throw Self.notWhole(key, object[key])
            }
            value = whole
        case let other?: throw Self.notWhole(key, other)
        }
        guard range.contains(value) else {
            throw CatalogError(.outOfRange, "\(key) is \(value), not in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    private static func whole(_ number: Double) -> Int64? {
        guard number.isFinite, number == number.rounded(), abs(number) < 9e15 else { return nil }
        return Int64(number)
    }

    private static func notWhole(_ key: String, _ value: JSONValue?) -> CatalogError {
        CatalogError(.wrongType, "\(key) is \(value?.excerpt ?? "absent"), not a whole number")
    }
}
