import Foundation
import Quality

/// Helpers shared by the schema tests.
enum Schemas {
    /// Compiles a schema written inline as JSON text.
    static func compile(_ text: String) throws -> JSONSchema {
        try JSONSchema(try JSONValue(parsing: text), name: "test.schema.json")
    }

    /// The rules of the errors `schema` finds in `instance` (JSON text).
    static func rules(_ schema: JSONSchema, _ instance: String) throws -> [String] {
        schema.validate(try JSONValue(parsing: instance)).map(\.rule)
    }

    /// Every fixture as (schema name, `valid`/`invalid` folder, path relative to Fixtures).
    static func fixtures() throws -> [(schema: String, folder: String, path: String)] {
        let manager = FileManager.default
        var result: [(String, String, String)] = []
        for schema in try manager.contentsOfDirectory(atPath: Repository.fixtures.path).sorted() {
            for folder in ["valid", "invalid"] {
                let directory = Repository.fixtures.appendingPathComponent("\(schema)/\(folder)")
                let files = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
                for file in files.sorted() where file.hasSuffix(".json") {
                    result.append((schema, folder, "\(schema)/\(folder)/\(file)"))
                }
            }
        }
        return result
    }
}
