/// The wording of validation messages: the member, its value, and what was expected, e.g.
/// `rating 7 is above the maximum 5`.
enum Messages {
    static func type(_ path: InstancePath, _ value: JSONValue, _ names: [String]) -> String {
        let article = ["integer", "array", "object"].contains(value.typeName) ? "an" : "a"
        let expected =
            names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        return "\(path.display) \(value.excerpt) is \(article) \(value.typeName), not \(expected)"
    }

    static func enumeration(_ path: InstancePath, _ value: JSONValue, _ options: [JSONValue]) -> String {
        "\(path.display) \(value.excerpt) is not one of \(options.map(\.excerpt).joined(separator: ", "))"
    }

    static func bound(_ path: InstancePath, _ value: JSONValue, _ bound: NumericBound) -> String {
        let limit = bound.limit.excerpt
        switch bound.kind {
        case .minimum: return "\(path.display) \(value.excerpt) is below the minimum \(limit)"
        case .maximum: return "\(path.display) \(value.excerpt) is above the maximum \(limit)"
        case .exclusiveMinimum: return "\(path.display) \(value.excerpt) is not above \(limit)"
        case .exclusiveMaximum: return "\(path.display) \(value.excerpt) is not below \(limit)"
        }
    }

    static func length(_ path: InstancePath, _ value: JSONValue, _ text: String, _ limit: Int, _ which: String)
        -> String
    {
        "\(path.display) \(value.excerpt) is \(text.unicodeScalars.count) characters long; the \(which) is \(limit)"
    }

    static func pattern(_ path: InstancePath, _ value: JSONValue, _ pattern: SchemaPattern, _ description: String?)
        -> String
    {
        let expected = description.map { "; expected \($0)" } ?? ""
        return "\(path.display) \(value.excerpt) does not match the pattern \(pattern.source)\(expected)"
    }

    static func noAlternative(_ path: InstancePath, _ reasons: [String]) -> String {
        let list = reasons.enumerated().map { "(\($0 + 1)) \($1)" }.joined(separator: "; ")
        return "\(path.display) matches none of the allowed forms: \(list)"
    }
}
