import Foundation

extension JSONValue {
    /// The value as compact JSON for messages, cut to about 60 characters: `"seven"`, `7`,
    /// `"the matrix\u0007"` (control characters escaped, so a message is always one line).
    var excerpt: String {
        let text = compactJSON
        guard text.count > 60 else { return text }
        return String(text.prefix(57)) + "…"
    }

    private var compactJSON: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value):
            if let exact = Int64(exactly: value) { return "\(exact).0" }
            return String(value)
        case .string(let value): return Self.quoted(value)
        case .array(let values): return "[" + values.map(\.compactJSON).joined(separator: ",") + "]"
        case .object(let members):
            let inner = members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.compactJSON }
            return "{" + inner.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars.prefix(80) {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + (text.unicodeScalars.count > 80 ? "…\"" : "\"")
    }
}
