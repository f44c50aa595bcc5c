import Foundation
import MarqueeTesting
import Serving
import Testing
import Yams

// MARK: - What the built CLI says about itself

/// `marquee <words> --help`, read: the subcommand path it resolved, its options, and which of
/// them the usage line requires.
struct CLIHelp {
    var path: [String]
    var usage: String
    var options: Set<String>
    var requiredOptions: [String]
    var takesPositionalArguments: Bool

    static func of(_ words: [String]) async throws -> CLIHelp {
        let child = try ChildProcess(words + ["--help"])
        let status = await child.wait()
        let text = child.outputText + child.errorText
        #expect(status == 0, "marquee \((words + ["--help"]).joined(separator: " ")) exited \(status): \(text)")
        return CLIHelp(text: text)
    }

    init(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        usage = lines.first { $0.hasPrefix("USAGE:") }?.trimmingCharacters(in: .whitespaces) ?? "(no USAGE line)"
        // USAGE: marquee evaluate online [<options>] --config <config> <file>
        let words = usage.split(separator: " ").map(String.init).dropFirst(2)  // "USAGE:", "marquee"
        path = Array(words.prefix { !$0.hasPrefix("<") && !$0.hasPrefix("[") && !$0.hasPrefix("-") })
        var depth = 0
        var required: [String] = []
        var positional = false
        for word in words.dropFirst(path.count) {
            if depth == 0, word.hasPrefix("--") { required.append(word) }
            if word.hasPrefix("<"), word != "<options>", word != "<subcommand>" { positional = true }
            if word.hasPrefix("[<"), word != "[<options>]" { positional = true }
            depth += word.filter { $0 == "[" }.count - word.filter { $0 == "]" }.count
        }
        requiredOptions = required
        takesPositionalArguments = positional
        // Option lines are indented by exactly two spaces: "  --port <port>   Port to…",
        // "  -h, --help", "  --access-log/--no-access-log"; wrapped descriptions by more.
        var options: Set<String> = []
        for line in lines where line.hasPrefix("  -") {
            let synopsis = line.dropFirst(2).components(separatedBy: "  ")[0]
            for part in synopsis.split(whereSeparator: { $0 == "," || $0 == "/" }) {
                guard let name = part.split(separator: " ").first, name.hasPrefix("-") else { continue }
                if name.hasPrefix("--[no-]") {
                    options.insert("--" + name.dropFirst(7))
                    options.insert("--no-" + name.dropFirst(7))
                } else {
                    options.insert(String(name))
                }
            }
        }
        self.options = options
    }
}

/// The environment variables the code reads: `environment["NAME"]` and `getenv("NAME")` in
/// Sources/ (the test helpers in MarqueeTesting excepted).
enum SourceEnvironment {
    static func namesReadByCode() throws -> Set<String> {
        let sources = DeployFiles.root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else {
            throw DeployFileError("cannot list \(sources.path)")
        }
        var names: Set<String> = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            if url.path.contains("/Sources/MarqueeTesting/") { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: /(?:environment\[\s*|getenv\(\s*)"([A-Z][A-Z0-9_]*)"/) {
                names.insert(String(match.1))
            }
        }
        return names
    }
}
