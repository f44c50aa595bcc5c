/// Where a value sits inside the instance being validated, as a stack of object keys and
/// array indices (pushed and popped while the validator descends).
struct InstancePath: Sendable {
    enum Component: Sendable {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    mutating func push(_ component: Component) { components.append(component) }
    mutating func pop() { components.removeLast() }

    /// The JSON Pointer (RFC 6901): `""` for the root, `/items/3`, `/data/tables/ratings`.
    var pointer: String {
        components.map { component in
            switch component {
            case .key(let key): "/" + Self.escape(key)
            case .index(let index): "/\(index)"
            }
        }.joined()
    }

    /// A name for messages: `rating`, `items[3]`, `data.tables.ratings`, or `the record` at the root.
    var display: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "the record" : text
    }

    /// The keys only, joined by `.` (array indices dropped, so every element shares a rule),
    /// then `/` and the keyword: `rating/maximum`, `items/pattern`, or `required` at the root.
    func rule(_ keyword: String, member: String? = nil) -> String {
        var keys: [String] = components.compactMap {
            if case .key(let key) = $0 { return key }
            return nil
        }
        if let member { keys.append(member) }
        return keys.isEmpty ? keyword : keys.joined(separator: ".") + "/" + keyword
    }

    /// Escapes `~` and `/` in a pointer token.
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Undoes ``escape(_:)``.
    static func unescape(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
