import Foundation
import Quality
import Yams

extension Experiment {
    /// Parses a config file in JSON or YAML: a document whose first non-blank character is `{`
    /// is JSON, anything else is read as YAML with the same fields:
    ///
    ///     id: als-vs-popgenre-1
    ///     salt: "2026-11"
    ///     variants:
    ///       - {name: als, model: "promoted:als", weight: 50}
    ///       - {name: popgenre, model: "promoted:popgenre", weight: 50}
    public init(configFile data: Data) throws(ExperimentError) {
        let firstCharacter = data.first { !Set<UInt8>([0x20, 0x09, 0x0A, 0x0D]).contains($0) }
        if firstCharacter == UInt8(ascii: "{") {
            try self.init(json: data)
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError("the experiment config is neither JSON nor UTF-8 YAML")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ExperimentError("the experiment config is not valid YAML: \(error)")
        }
        guard let node else { throw ExperimentError("the experiment config is empty; it needs id, salt and variants") }
        try self.init(document: try Self.document(node, at: "the config"))
    }

    /// The JSON-shaped value of a YAML node, scalars typed by YAML's core schema.
    private static func document(_ node: Node, at path: String) throws(ExperimentError) -> JSONValue {
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: if let value = node.bool { return .bool(value) }
            case .int: if let value = node.int { return .integer(Int64(value)) }
            case .float: if let value = node.float { return .number(value) }
            default: break
            }
            return .string(node.string ?? "")
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (position, element) in sequence.enumerated() {
                elements.append(try document(element, at: "\(path)[\(position)]"))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { throw ExperimentError("\(path) has a key that is not text") }
                members[name] = try document(value, at: name)
            }
            return .object(members)
        case .alias:
            throw ExperimentError("\(path) uses a YAML alias; write the value out")
        }
    }
}
