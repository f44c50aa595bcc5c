import ArgumentParser
import Foundation
import Quality

/// `--schemas`: where the JSON Schema documents are.
struct SchemaOptions: ParsableArguments {
    @Option(help: "Folder of *.schema.json (default: $MARQUEE_SCHEMAS, ./schemas, or the source tree's schemas/).")
    var schemas: String?

    /// The schema set, from the first folder that exists.
    func load() throws -> SchemaSet { try Self.load(schemas) }

    /// The schema set from `schemas`, or else the default folders.
    static func load(_ schemas: String?, sourceFile: String = #filePath) throws -> SchemaSet {
        let sourceTree = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas").path
        let candidates = [schemas, ProcessInfo.processInfo.environment["MARQUEE_SCHEMAS"], "schemas", sourceTree]
            .compactMap { $0 }
        guard let folder = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw ValidationError(
                "no schemas folder found (tried \(candidates.joined(separator: ", "))); pass --schemas DIR")
        }
        return try SchemaSet(directory: URL(fileURLWithPath: folder))
    }
}

/// Exit codes of the gate commands, after the monitoring-plugin convention operators know.
enum GateExit {
    /// 0 pass, 1 warn, 2 block.
    static func code(_ verdict: DriftReport.Verdict) -> ExitCode {
        switch verdict {
        case .pass: .success
        case .warn: ExitCode(1)
        case .block: ExitCode(2)
        }
    }

    /// Runs `body`; an error (not a verdict) is printed and exits 3, so scripts tell "could not
    /// decide" from "blocked".
    static func run(_ body: () async throws -> ExitCode) async throws {
        let code: ExitCode
        do {
            code = try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(3)
        }
        if code != .success { throw code }
    }
}
