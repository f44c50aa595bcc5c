import Foundation
import MarqueeTesting
import Serving
import Testing
import Yams

/// The Dockerfile's instructions by stage (continuation lines joined, comments dropped).
struct Dockerfile {
    struct Instruction {
        var keyword: String
        var arguments: String
    }

    var stages: [[Instruction]] = []

    init(text: String) throws {
        var logical: [String] = []
        var pending = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            pending += line
            if !pending.trimmingCharacters(in: .whitespaces).isEmpty { logical.append(pending) }
            pending = ""
        }
        for line in logical {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let instruction = Instruction(
                keyword: parts[0].uppercased(),
                arguments: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            if instruction.keyword == "FROM" { stages.append([]) }
            if !stages.isEmpty { stages[stages.count - 1].append(instruction) }
        }
        guard !stages.isEmpty else { throw DeployFileError("Dockerfile: no FROM") }
    }

    var finalStage: [Instruction] { stages.last ?? [] }

    /// ENTRYPOINT in exec form, as words.
    var entrypoint: [String] {
        guard let text = finalStage.last(where: { $0.keyword == "ENTRYPOINT" })?.arguments,
            let words = try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        else { return [] }
        return words
    }

    var exposed: [String] {
        finalStage.filter { $0.keyword == "EXPOSE" }.flatMap { $0.arguments.split(separator: " ") }
            .map { String($0.split(separator: "/")[0]) }
    }

    /// The runtime stage's ENV (`NAME=value …` form), values as written.
    var environment: [String: String] {
        var environment: [String: String] = [:]
        for instruction in finalStage where instruction.keyword == "ENV" {
            for pair in instruction.arguments.split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 {
                    environment[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
        }
        return environment
    }
}
