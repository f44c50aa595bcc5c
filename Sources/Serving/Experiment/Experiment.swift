import Foundation
import Quality

/// An A/B experiment as its config file states it: an id, the salt of the sticky assignment,
/// and the variants with their models and weights.
///
/// The file is JSON (or the same document in YAML, see ``init(configFile:)``):
///
///     {"id": "als-vs-popgenre-1", "salt": "2026-11",
///      "variants": [{"name": "als", "model": "promoted:als", "weight": 50},
///                   {"name": "popgenre", "model": "popgenre-20261124T123724Z-04af69", "weight": 50}]}
///
/// A variant's `model` is a registered version, or `promoted:<kind>` for whichever model of
/// that kind is promoted when the config is loaded. Weights are relative (any non-negative
/// numbers, not all zero); a weight of 0 sends no traffic.
public struct Experiment: Sendable, Hashable {
    /// Which model a variant serves.
    public enum ModelReference: Sendable, Hashable, CustomStringConvertible {
        /// Exactly this registered version.
        case version(String)
        /// The promoted model of this kind (`als`, `popgenre`).
        case promoted(kind: String)

        public var description: String {
            switch self {
            case .version(let version): version
            case .promoted(let kind): "promoted:\(kind)"
            }
        }
    }

    /// One arm of the experiment.
    public struct Variant: Sendable, Hashable {
        public var name: String
        public var model: ModelReference
        /// Relative share of traffic (≥ 0).
        public var weight: Double
    }

    public var id: String
    public var salt: String
    public var variants: [Variant]

    /// Parses and checks a JSON config file's bytes. Every error names the field and says what
    /// to write instead.
    public init(json data: Data) throws(ExperimentError) {
        let object: JSONValue
        do { object = try JSONValue(parsing: data) } catch {
            throw ExperimentError("the experiment config is not JSON: \(error)")
        }
        try self.init(document: object)
    }

    /// Checks a parsed config document (from JSON or YAML).
    init(document object: JSONValue) throws(ExperimentError) {
        guard let root = object.objectValue else {
            throw ExperimentError("the experiment config must be a JSON object with id, salt and variants")
        }
        let known: Set = ["id", "salt", "variants"]
        if let extra = root.keys.sorted().first(where: { !known.contains($0) }) {
            throw ExperimentError("unknown field \"\(extra)\"; the config has id, salt and variants")
        }
        let id = try Self.text(root["id"], "id")
        let salt = try Self.text(root["salt"], "salt")
        guard let list = root["variants"]?.arrayValue, !list.isEmpty else {
            throw ExperimentError("variants must be a non-empty list of {name, model, weight}")
        }
        var variants: [Variant] = []
        for (position, item) in list.enumerated() {
            variants.append(try Self.variant(item, at: "variants[\(position)]"))
        }
        try self.init(id: id, salt: salt, variants: variants)
    }

    /// Checks the parts: unique non-empty names, finite non-negative weights, not all zero.
    public init(id: String, salt: String, variants: [Variant]) throws(ExperimentError) {
        var names: Set<String> = []
        for (position, variant) in variants.enumerated() {
            guard names.insert(variant.name).inserted else {
                throw ExperimentError("variants[\(position)].name \"\(variant.name)\" is used twice; names must differ")
            }
            guard variant.weight.isFinite, variant.weight >= 0 else {
                throw ExperimentError(
                    "variants[\(position)].weight is \(variant.weight); weights must be finite numbers ≥ 0")
            }
        }
        guard variants.contains(where: { $0.weight > 0 }) else {
            throw ExperimentError("every variant has weight 0; give at least one variant a positive weight")
        }
        self.id = id
        self.salt = salt
        self.variants = variants
    }

    private static func variant(_ item: JSONValue, at path: String) throws(ExperimentError) -> Variant {
        guard let fields = item.objectValue else {
            throw ExperimentError("\(path) must be an object {name, model, weight}")
        }
        let known: Set = ["name", "model", "weight"]
        if let extra = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw ExperimentError("\(path) has unknown field \"\(extra)\"; a variant has name, model and weight")
        }
        let name = try text(fields["name"], "\(path).name")
        let model = try text(fields["model"], "\(path).model")
        let weight: Double
        switch fields["weight"] {
        case .integer(let number): weight = Double(number)
        case .number(let number): weight = number
        default: throw ExperimentError("\(path).weight must be a number ≥ 0")
        }
        return Variant(name: name, model: try reference(model, at: "\(path).model"), weight: weight)
    }

    private static func reference(_ text: String, at path: String) throws(ExperimentError) -> ModelReference {
        guard text.hasPrefix("promoted:") else { return .version(text) }
        let kind = String(text.dropFirst("promoted:".count))
        guard ["als", "popgenre"].contains(kind) else {
            throw ExperimentError("\(path) \"\(text)\": the kind after promoted: must be als or popgenre")
        }
        return .promoted(kind: kind)
    }

    private static func text(_ value: JSONValue?, _ path: String) throws(ExperimentError) -> String {
        guard let text = value?.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ExperimentError("\(path) must be a non-empty string")
        }
        return text
    }
}

/// An experiment config was refused; the message names the field and the fix.
public struct ExperimentError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
