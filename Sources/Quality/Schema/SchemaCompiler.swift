/// Turns a schema document into ``SchemaNode``s, refusing any keyword the validator does not
/// implement so a schema can never rely on a check that is silently skipped.
struct SchemaCompiler {
    /// The only dialect accepted in `$schema`.
    static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// Keywords that only annotate: accepted anywhere and never checked (`format` included;
    /// see schemas/README.md for why).
    static let annotations: Set<String> = [
        "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "format",
    ]
    /// Keywords accepted only at the document root.
    static let rootOnly: Set<String> = ["$schema", "$id", "$defs"]

    /// The document's name, for messages (e.g. `interaction.schema.json`).
    let documentName: String
    /// `$defs` entry name → node index (1...; the root is 0).
    private(set) var definitionIndex: [String: Int] = [:]

    init(documentName: String) {
        self.documentName = documentName
    }

    /// Compiles a whole document: the root node first, then its `$defs` in name order.
    mutating func compileDocument(_ document: JSONValue) throws -> [SchemaNode] {
        var definitions: [(String, JSONValue)] = []
        if case .object(let root) = document {
            if let dialect = root["$schema"], dialect != .string(Self.dialect) {
                throw error("", "$schema must be \"\(Self.dialect)\" (JSON Schema 2020-12), not \(dialect.excerpt)")
            }
            if let id = root["$id"], id.stringValue == nil {
                throw error("", "$id must be a string")
            }
            if let defs = root["$defs"] {
                guard let members = defs.objectValue else { throw error("/$defs", "$defs must be an object") }
                definitions = members.sorted { $0.key < $1.key }
            }
        }
        for (offset, (name, _)) in definitions.enumerated() { definitionIndex[name] = offset + 1 }
        var nodes = [try compile(document, at: "", isRoot: true)]
        for (name, definition) in definitions {
            nodes.append(try compile(definition, at: "/$defs/" + InstancePath.escape(name), isRoot: false))
        }
        return nodes
    }

    private func compile(_ schema: JSONValue, at path: String, isRoot: Bool = false) throws -> SchemaNode {
        switch schema {
        case .bool(let value):
            return SchemaNode(path: path, description: nil, checks: value ? [] : [.never])
        case .object(let members):
            var node = SchemaNode(path: path, description: members["description"]?.stringValue, checks: [])
            // Sorted so checks (and so error order) do not depend on dictionary order.
            for (keyword, value) in members.sorted(by: { $0.key < $1.key }) {
                if let check = try compileKeyword(keyword, value, in: members, at: path, isRoot: isRoot) {
                    node.checks.append(check)
                }
            }
            return node
        default:
            throw error(path, "a schema must be an object or a boolean, not \(schema.excerpt)")
        }
    }

    private func compileKeyword(
        _ keyword: String, _ value: JSONValue, in members: [String: JSONValue], at path: String, isRoot: Bool
    ) throws -> SchemaCheck? {
        let here = path + "/" + keyword
        if Self.rootOnly.contains(keyword) {
            guard isRoot else { throw error(here, "\(keyword) is only supported at the document root") }
            return nil
        }
        if Self.annotations.contains(keyword) {
            if ["title", "description", "$comment", "format"].contains(keyword), value.stringValue == nil {
                throw error(here, "\(keyword) must be a string")
            }
            return nil
        }
        switch keyword {
        case "type": return .type(try typeNames(value, at: here))
        case "enum":
            guard let options = value.arrayValue, !options.isEmpty else {
                throw error(here, "enum must be a non-empty array")
            }
            return .enumeration(options)
        case "const": return .constant(value)
        case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
            guard value.isNumber, let kind = NumericBound.Kind(rawValue: keyword) else {
                throw error(here, "\(keyword) must be a number")
            }
            return .bound(NumericBound(kind: kind, limit: value))
        case "minLength": return .minLength(try count(value, at: here))
        case "maxLength": return .maxLength(try count(value, at: here))
        case "minItems": return .minItems(try count(value, at: here))
        case "maxItems": return .maxItems(try count(value, at: here))
        case "pattern":
            guard let source = value.stringValue else { throw error(here, "pattern must be a string") }
            do { return .pattern(try SchemaPattern(source)) } catch {
                throw self.error(here, "pattern \(value.excerpt) is not a valid regular expression")
            }
        case "uniqueItems":
            guard case .bool(let unique) = value else { throw error(here, "uniqueItems must be a boolean") }
            return unique ? .uniqueItems : nil
        case "properties":
            guard let properties = value.objectValue else { throw error(here, "properties must be an object") }
            return .properties(
                try properties.sorted { $0.key < $1.key }.map { name, schema in
                    (name, try compile(schema, at: here + "/" + InstancePath.escape(name)))
                })
        case "additionalProperties":
            let known = Set(members["properties"]?.objectValue?.keys ?? [:].keys)
            return .additionalProperties(known: known, try compile(value, at: here))
        case "required":
            return .required(try names(value, at: here))
        case "dependentRequired":
            guard let dependencies = value.objectValue else { throw error(here, "dependentRequired must be an object") }
            return .dependentRequired(
                try dependencies.sorted { $0.key < $1.key }.map { name, requires in
                    (name, try names(requires, at: here + "/" + InstancePath.escape(name)))
                })
        case "items":
            if value.arrayValue != nil {
                throw error(here, "items must be a schema (2020-12); prefixItems is not implemented")
            }
            return .items(try compile(value, at: here))
        case "allOf", "anyOf", "oneOf":
            guard let schemas = value.arrayValue, !schemas.isEmpty else {
                throw error(here, "\(keyword) must be a non-empty array")
            }
            let nodes = try schemas.enumerated().map { try compile($1, at: here + "/\($0)") }
            return keyword == "allOf" ? .allOf(nodes) : keyword == "anyOf" ? .anyOf(nodes) : .oneOf(nodes)
        case "not": return .not(try compile(value, at: here))
        case "if":
            return .conditional(
                if: try compile(value, at: here),
                then: try members["then"].map { try compile($0, at: path + "/then") },
                else: try members["else"].map { try compile($0, at: path + "/else") })
        case "then", "else":
            // Compiled with their `if`; without one they have no effect (2020-12), but are still checked.
            if members["if"] == nil { _ = try compile(value, at: here) }
            return nil
        case "$ref": return .reference(index: try reference(value, at: here))
        default:
            throw error(here, "keyword \"\(keyword)\" is not implemented by Marquee's validator")
        }
    }

    private func typeNames(_ value: JSONValue, at path: String) throws -> [String] {
        let known: Set<String> = ["null", "boolean", "integer", "number", "string", "array", "object"]
        let names: [String]
        switch value {
        case .string(let name): names = [name]
        case .array: names = try self.names(value, at: path)
        default: throw error(path, "type must be a type name or an array of them")
        }
        for name in names where !known.contains(name) { throw error(path, "\"\(name)\" is not a JSON Schema type") }
        guard !names.isEmpty else { throw error(path, "type must name at least one type") }
        return names
    }

    private func names(_ value: JSONValue, at path: String) throws -> [String] {
        guard let elements = value.arrayValue else { throw error(path, "expected an array of strings") }
        let names = elements.compactMap(\.stringValue)
        guard names.count == elements.count, Set(names).count == names.count else {
            throw error(path, "expected an array of distinct strings")
        }
        return names
    }

    private func count(_ value: JSONValue, at path: String) throws -> Int {
        guard let count = value.integerValue, count >= 0, let result = Int(exactly: count) else {
            throw error(path, "expected a non-negative integer, not \(value.excerpt)")
        }
        return result
    }

    private func reference(_ value: JSONValue, at path: String) throws -> Int {
        guard let target = value.stringValue else { throw error(path, "$ref must be a string") }
        if target == "#" { return 0 }
        let prefix = "#/$defs/"
        if target.hasPrefix(prefix),
            let index = definitionIndex[InstancePath.unescape(String(target.dropFirst(prefix.count)))]
        {
            return index
        }
        throw error(
            path,
            "$ref \"\(target)\" is not \"#\" or \"#/$defs/<name>\" of this document; only local references are implemented"
        )
    }

    private func error(_ path: String, _ message: String) -> QualityError {
        QualityError(.schema, "\(documentName) at \(path.isEmpty ? "the root" : path): \(message)")
    }
}
