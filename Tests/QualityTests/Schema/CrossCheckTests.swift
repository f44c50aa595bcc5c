import Foundation
import Quality
import Testing

/// Marquee's validator and Python's `jsonschema` (Draft202012Validator, no format checker)
/// must give the same answer for every fixture, and both must agree with the fixture's folder.
@Suite struct CrossCheckTests {
    @Test(.timeLimit(.minutes(2))) func pythonJSONSchemaAgreesOnEveryFixture() throws {
        let interpreter = Self.python()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            interpreter, Repository.crossCheckScript.path, Repository.schemas.path, Repository.fixtures.path,
        ]
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()
        // Read before waiting so a full pipe cannot stall the child.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errorOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            """
            \(interpreter) scripts/schema-crosscheck.py failed (exit \(process.terminationStatus)): \(stderr)
            Run scripts/pyenv.sh to create .marquee/venv with jsonschema.
            """)

        var python: [String: String] = [:]  // fixture path → python's answer
        for line in String(decoding: stdout, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { python[String(parts[0])] = String(parts[1]) }
        }
        let set = try SchemaSet(directory: Repository.schemas)
        let fixtures = try Schemas.fixtures()
        #expect(python.count == fixtures.count, "python saw \(python.count) fixtures, Swift \(fixtures.count)")
        for fixture in fixtures {
            let instance = try JSONValue(
                parsing: Data(contentsOf: Repository.fixtures.appendingPathComponent(fixture.path)))
            let marquee = try set.schema(named: fixture.schema).isValid(instance) ? "valid" : "invalid"
            #expect(
                python[fixture.path] == marquee,
                "\(fixture.path): python \(python[fixture.path] ?? "missing"), Marquee \(marquee)")
            #expect(marquee == fixture.folder, "\(fixture.path): Marquee says \(marquee)")
        }
    }

    /// `.marquee/venv/bin/python` (made by scripts/pyenv.sh) when present, else `python3`.
    static func python() -> String {
        let venv = Repository.root.appendingPathComponent(".marquee/venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }
}
