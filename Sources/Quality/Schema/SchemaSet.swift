import Foundation

/// Marquee's schemas by name (`interaction`, `rating`, `recommendation-event`, `movie`,
/// `user`, `model-manifest`, `drift-report`), each compiled once.
public struct SchemaSet: Sendable {
    /// The schemas, keyed by name (the file name without `.schema.json`).
    public let schemas: [String: JSONSchema]

    /// The file-name suffix of a schema document.
    public static let fileSuffix = ".schema.json"

    /// Loads every `*.schema.json` in `directory` (not its subfolders).
    ///
    /// - Throws: ``QualityError`` (`schema` or `json`) naming the file when one cannot be read
    ///   or compiled, or when the folder holds no schema.
    public init(directory: URL) throws {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasSuffix(Self.fileSuffix) }
        } catch {
            throw QualityError(.schema, "cannot list schemas in \(directory.path): \(error)", underlying: error)
        }
        guard !files.isEmpty else {
            throw QualityError(
                .schema, "\(directory.path) holds no *\(Self.fileSuffix) file; pass the repository's schemas/ folder")
        }
        var schemas: [String: JSONSchema] = [:]
        for file in files {
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                throw QualityError(.schema, "cannot read \(file.path): \(error)", underlying: error)
            }
            let name = String(file.lastPathComponent.dropLast(Self.fileSuffix.count))
            schemas[name] = try JSONSchema(data: data, name: file.lastPathComponent)
        }
        self.schemas = schemas
    }

    /// A set from schemas already compiled, keyed by name.
    public init(_ schemas: [String: JSONSchema]) {
        self.schemas = schemas
    }

    /// The names of the loaded schemas, sorted.
    public var names: [String] { schemas.keys.sorted() }

    /// The schema called `name` (e.g. `interaction`).
    ///
    /// - Throws: ``QualityError`` with code `unknownSchema`, listing the names that exist.
    public func schema(named name: String) throws -> JSONSchema {
        guard let schema = schemas[name] else {
            throw QualityError(.unknownSchema, "no schema named \"\(name)\"; known: \(names.joined(separator: ", "))")
        }
        return schema
    }

    /// Validates `instance` against the schema called `name`.
    ///
    /// - Throws: ``QualityError`` with code `unknownSchema` when no such schema is loaded.
    public func validate(_ instance: JSONValue, against name: String) throws -> [ValidationError] {
        try schema(named: name).validate(instance)
    }
}
