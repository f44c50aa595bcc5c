import Foundation
import MarqueeTesting
import Serving
import Testing
import Yams

/// The deploy files an operator applies (Dockerfile, docker-compose.yml, deploy/*.yaml) held
/// against the program they run: every `marquee` invocation names a real subcommand and only
/// flags its `--help` lists (asked of the built binary), every environment variable set for a
/// marquee container is one the code reads, and the serve port, the experiment file and the
/// secrets agree across files. Needs no database, no container engine and no cluster;
/// `scripts/check-deploy.sh` validates the same files against the compose and Kubernetes schemas.
@Suite struct DeployFilesTests {
    // MARK: - every invocation, one test case each

    @Test(.timeLimit(.minutes(2)), arguments: DeployFiles.invocations)
    func subcommandAndFlagsExist(_ invocation: Invocation) async throws {
        guard invocation.program == "marquee" else {
            Issue.record("\(invocation.origin): runs \(invocation.program), not marquee")
            return
        }
        let help = try await CLIHelp.of(invocation.leadingWords)
        guard !help.path.isEmpty, invocation.leadingWords.starts(with: help.path) else {
            Issue.record(
                """
                \(invocation.origin): `marquee \(invocation.leadingWords.joined(separator: " "))` is not a subcommand \
                of the built marquee (its help answers: \(help.usage))
                """)
            return
        }
        let command = "marquee " + help.path.joined(separator: " ")
        if invocation.leadingWords.count > help.path.count, !help.takesPositionalArguments {
            Issue.record(
                """
                \(invocation.origin): `\(command)` has no subcommand \
                \(invocation.leadingWords[help.path.count]) and takes no positional argument
                """)
        }
        for flag in invocation.flags where !help.options.contains(flag) {
            Issue.record(
                """
                \(invocation.origin): `\(command)` has no flag \(flag) \
                (its --help lists \(help.options.sorted().joined(separator: " ")))
                """)
        }
        for required in help.requiredOptions where !invocation.flags.contains(required) {
            Issue.record("\(invocation.origin): `\(command)` needs \(required), which is not given")
        }
        if help.options.contains("--database-url"), !invocation.flags.contains("--database-url") {
            #expect(
                invocation.environment.contains("DATABASE_URL"),
                """
                \(invocation.origin): `\(command)` needs a database, but neither --database-url nor \
                DATABASE_URL is set
                """)
        }
        if help.options.contains("--admin-token-file"), !invocation.flags.contains("--admin-token-file") {
            #expect(
                invocation.environment.contains("MARQUEE_ADMIN_TOKEN"),
                """
                \(invocation.origin): `\(command)` takes an admin token, but neither --admin-token-file nor \
                MARQUEE_ADMIN_TOKEN is set
                """)
        }
    }

    @Test(arguments: DeployFiles.invocations)
    func environmentIsWhatTheCodeReads(_ invocation: Invocation) throws {
        let read = try SourceEnvironment.namesReadByCode()
        for name in invocation.environment where !read.contains(name) && !invocation.references.contains(name) {
            Issue.record(
                """
                \(invocation.origin): sets \(name), which no code in Sources/ reads \
                (it reads \(read.sorted().joined(separator: ", ")))
                """)
        }
        for name in invocation.references where !invocation.environment.contains(name) {
            Issue.record(
                "\(invocation.origin): the arguments use $(\(name)), which the container's env does not define")
        }
    }

    // MARK: - the files as a whole

    @Test func everyRoleIsDeployedAndEveryFileParses() throws {
        #expect(DeployFiles.loadError == nil, "\(DeployFiles.loadError ?? "")")
        let invocations = DeployFiles.invocations
        for (file, roles) in [
            ("docker-compose.yml", ["migrate", "ingest", "serve", "evaluate", "retrain"]),
            ("deploy/", ["migrate", "ingest", "serve", "evaluate", "retrain"]),
        ] {
            let present = Set(invocations.filter { $0.file.hasPrefix(file) }.compactMap(\.leadingWords.first))
            for role in roles {
                #expect(present.contains(role), "\(file): no container runs `marquee \(role)`")
            }
        }
        // Every Kubernetes manifest lives in the marquee namespace (or is it).
        for path in try DeployFiles.manifestPaths() {
            for document in try DeployFiles.documents(path) {
                let kind = document["kind"]?.text ?? "?"
                let name = document["metadata"]?["name"]?.text ?? "?"
                if kind == "Namespace" {
                    #expect(name == "marquee", "\(path): Namespace \(name), expected marquee")
                } else {
                    #expect(
                        document["metadata"]?["namespace"]?.text == "marquee",
                        "\(path): \(kind) \(name) is not in namespace marquee")
                }
            }
        }
    }

    @Test func servePortAgreesEverywhere() throws {
        let serves = DeployFiles.invocations.filter { $0.leadingWords.first == "serve" }
        #expect(!serves.isEmpty, "no serve invocation in the deploy files")
        let dockerfile = try Dockerfile(text: DeployFiles.text("Dockerfile"))
        for serve in serves {
            let port = serve.value(of: "--port") ?? "8080"
            let host = serve.value(of: "--host") ?? "127.0.0.1"
            #expect(
                ["0.0.0.0", "::"].contains(host),
                "\(serve.origin): serve listens on \(host); in a container it must be --host 0.0.0.0 to be reachable")
            #expect(
                dockerfile.exposed.contains(port),
                "Dockerfile: EXPOSE \(dockerfile.exposed) lacks serve's --port \(port)")
            #expect(!serve.containerPorts.isEmpty, "\(serve.origin): publishes no port")
            for published in serve.containerPorts {
                #expect(
                    published == port, "\(serve.origin): publishes container port \(published), serve --port is \(port)"
                )
            }
            #expect(!serve.probePorts.isEmpty, "\(serve.origin): no health check on serve")
            for probe in serve.probePorts {
                #expect(probe == port, "\(serve.origin): health check on port \(probe), serve --port is \(port)")
            }
            for path in serve.probePaths where path != "/health" && path != "/metrics" {
                Issue.record("\(serve.origin): health check on \(path); serve answers /health and /metrics")
            }
            for (service, target) in serve.servicePorts {
                #expect(
                    target == port,
                    "\(serve.origin): Service \(service) targets port \(target), serve --port is \(port)")
            }
        }
        // retrain reloads serve through a name the file defines, on the port serve listens on.
        for retrain in DeployFiles.invocations where retrain.leadingWords.first == "retrain" {
            guard let text = retrain.value(of: "--reload-url") else { continue }
            guard let url = URLComponents(string: text), let host = url.host else {
                Issue.record("\(retrain.origin): --reload-url \(text) is not a URL")
                continue
            }
            let targets = serves.filter {
                $0.file == retrain.file || ($0.file.hasPrefix("deploy/") && retrain.file.hasPrefix("deploy/"))
            }
            .flatMap { serve in serve.reachableAs.map { (serve, $0) } }
            .filter { $0.1.name == host }
            #expect(
                !targets.isEmpty,
                "\(retrain.origin): --reload-url \(text): no serve is reachable as \(host) in \(retrain.file)")
            for (serve, address) in targets {
                #expect(
                    String(url.port ?? 80) == address.port,
                    "\(retrain.origin): --reload-url \(text): \(host) answers on \(address.port) (\(serve.origin))")
            }
        }
    }

    @Test func experimentFileIsMountedAndValid() throws {
        let compose = try Experiment(configFile: Data(DeployFiles.text("deploy/experiment.yaml").utf8))
        #expect(compose.variants.map(\.name) == ["als", "popgenre"])
        #expect(compose.variants.map(\.model.description) == ["promoted:als", "promoted:popgenre"])
        #expect(compose.variants.map(\.weight) == [50, 50])
        // The ConfigMap carries the same document.
        var found = false
        for path in try DeployFiles.manifestPaths() {
            for document in try DeployFiles.documents(path) where document["kind"]?.text == "ConfigMap" {
                guard let text = document["data"]?["experiment.yaml"]?.text else { continue }
                found = true
                let kubernetes = try Experiment(configFile: Data(text.utf8))
                #expect(kubernetes == compose, "\(path): the experiment differs from deploy/experiment.yaml")
            }
        }
        #expect(found, "deploy/: no ConfigMap with experiment.yaml")
        // Wherever --config is passed, a mount puts a file there.
        for invocation in DeployFiles.invocations {
            guard let config = invocation.value(of: "--config") else { continue }
            let mounted = invocation.mountedFiles.contains(config)
            #expect(mounted, "\(invocation.origin): --config \(config), but no mount provides that file")
        }
    }

    @Test func secretsAndConfigMapsReferencedExist() throws {
        var keys: [String: Set<String>] = [:]  // "Secret/marquee" → keys
        for path in try DeployFiles.manifestPaths() {
            for document in try DeployFiles.documents(path) {
                guard let kind = document["kind"]?.text, ["Secret", "ConfigMap"].contains(kind),
                    let name = document["metadata"]?["name"]?.text
                else { continue }
                for field in ["data", "stringData"] {
                    keys["\(kind)/\(name)", default: []].formUnion((document[field]?.entries ?? [:]).keys)
                }
            }
        }
        for invocation in DeployFiles.invocations {
            for reference in invocation.keyReferences {
                #expect(
                    keys["\(reference.kind)/\(reference.name)"]?.contains(reference.key) == true,
                    """
                    \(invocation.origin): refers to key \(reference.key) of \(reference.kind) \(reference.name), \
                    which deploy/ does not define
                    """)
            }
        }
    }

    @Test func dockerfileBuildsAndStampsWhatTheCodeNeeds() throws {
        let dockerfile = try Dockerfile(text: DeployFiles.text("Dockerfile"))
        #expect(
            dockerfile.entrypoint == ["marquee"],
            "Dockerfile: ENTRYPOINT is \(dockerfile.entrypoint), expected [\"marquee\"]")
        #expect(dockerfile.stages.count >= 2, "Dockerfile: expected a build stage and a runtime stage")
        let user = dockerfile.finalStage.last { $0.keyword == "USER" }?.arguments ?? "root"
        #expect(!["root", "0", "0:0"].contains(user), "Dockerfile: the runtime stage runs as \(user)")
        // The -dev packages Package.swift's system-library targets name are installed to build.
        let manifest = try DeployFiles.text("Package.swift")
        let aptPackages = manifest.matches(of: /\.apt\(\[([^\]]*)\]\)/).flatMap { match in
            match.1.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
        }
        #expect(!aptPackages.isEmpty)
        let buildRuns =
            dockerfile.stages.first?.filter { $0.keyword == "RUN" }.map(\.arguments).joined(separator: "\n") ?? ""
        for package in aptPackages {
            #expect(
                buildRuns.contains(package),
                "Dockerfile: the build stage does not install \(package) (Package.swift needs it)")
        }
        #expect(
            buildRuns.contains("swift build -c release --product marquee"), "Dockerfile: no release build of marquee")
        // ENV names are read by the code; MARQUEE_SCHEMAS points where schemas/ is copied.
        let read = try SourceEnvironment.namesReadByCode()
        let environment = dockerfile.environment
        for name in environment.keys where !read.contains(name) {
            Issue.record("Dockerfile: ENV \(name), which no code in Sources/ reads")
        }
        let schemaCopies = dockerfile.finalStage.filter { $0.keyword == "COPY" }.compactMap { instruction -> String? in
            let words = instruction.arguments.split(separator: " ").map(String.init).filter { !$0.hasPrefix("--") }
            guard words.count == 2, words[0].hasPrefix("schemas") else { return nil }
            return words[1].hasSuffix("/") ? String(words[1].dropLast()) : words[1]
        }
        #expect(!schemaCopies.isEmpty, "Dockerfile: the runtime stage does not copy schemas/")
        #expect(
            environment["MARQUEE_SCHEMAS"].map { schemaCopies.contains($0) } == true,
            """
            Dockerfile: MARQUEE_SCHEMAS=\(environment["MARQUEE_SCHEMAS"] ?? "unset") is not where schemas/ \
            is copied (\(schemaCopies))
            """)
        #expect(
            dockerfile.finalStage.contains { $0.keyword == "ARG" && $0.arguments.hasPrefix("MARQUEE_CODE_VERSION") }
                && environment["MARQUEE_CODE_VERSION"] == "${MARQUEE_CODE_VERSION}",
            "Dockerfile: MARQUEE_CODE_VERSION is not stamped from a build arg of the runtime stage")
    }
}

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

// MARK: - The deploy files, read

struct DeployFileError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A YAML value with every scalar as the text a command line would see.
enum YAMLValue: Sendable, Hashable {
    case scalar(String)
    case sequence([YAMLValue])
    case mapping([String: YAMLValue])
    case null

    init(_ value: Any?) {
        switch value {
        case nil, is NSNull: self = .null
        case let mapping as [AnyHashable: Any]:
            self = .mapping(
                Dictionary(mapping.map { ("\($0.key.base)", YAMLValue($0.value)) }, uniquingKeysWith: { $1 }))
        case let sequence as [Any]: self = .sequence(sequence.map { YAMLValue($0) })
        case let text as String: self = .scalar(text)
        case let other?: self = .scalar("\(other)")
        }
    }

    subscript(key: String) -> YAMLValue? {
        if case .mapping(let entries) = self { entries[key] } else { nil }
    }

    var text: String? { if case .scalar(let text) = self { text } else { nil } }
    var items: [YAMLValue] { if case .sequence(let items) = self { items } else { [] } }
    var entries: [String: YAMLValue] { if case .mapping(let entries) = self { entries } else { [:] } }
}

/// A `key` of a Secret or ConfigMap that a container's env refers to.
struct KeyReference: Sendable, Hashable {
    var kind: String
    var name: String
    var key: String
}

/// One container (compose service, or Kubernetes container) running the Marquee image.
struct Invocation: Sendable, CustomTestStringConvertible {
    /// "docker-compose.yml", "deploy/serve.yaml".
    var file: String
    /// "service serve", "Deployment marquee-serve, container serve".
    var place: String
    /// The entrypoint (or `command`), normally `marquee`.
    var program: String
    /// What follows the program.
    var arguments: [String]
    /// Names of the environment variables set for the container.
    var environment: Set<String> = []
    /// `$(NAME)` references in the arguments (Kubernetes expands them from `env`).
    var references: Set<String> = []
    /// Secret and ConfigMap keys the env refers to.
    var keyReferences: [KeyReference] = []
    /// Container ports published (compose `ports`, Kubernetes `containerPort`).
    var containerPorts: [String] = []
    /// Ports of health checks (compose healthcheck URL, Kubernetes probes).
    var probePorts: [String] = []
    var probePaths: [String] = []
    /// Kubernetes Services selecting this container's pods: (name, resolved targetPort).
    var servicePorts: [(String, String)] = []
    /// Names other containers reach this one by, with the port they use.
    var reachableAs: [(name: String, port: String)] = []
    /// Files mounted into the container (compose binds, ConfigMap keys), by container path.
    var mountedFiles: Set<String> = []

    var origin: String { "\(file) (\(place))" }
    var testDescription: String { "\(file) \(place): \(program) \(arguments.joined(separator: " "))" }

    /// The words before the first flag: the subcommand path (and positional arguments).
    var leadingWords: [String] { Array(arguments.prefix { !$0.hasPrefix("-") }) }

    /// Every flag given: `--name` (of `--name value` or `--name=value`) and `-X`.
    var flags: [String] {
        arguments.compactMap { token in
            guard token.hasPrefix("-"), token != "-", token != "--" else { return nil }
            if token.hasPrefix("--") { return String(token.split(separator: "=", maxSplits: 1)[0]) }
            return String(token.prefix(2))
        }
    }

    /// The value of `flag` (`--flag value` or `--flag=value`), the last one when repeated.
    func value(of flag: String) -> String? {
        var found: String?
        for (index, token) in arguments.enumerated() {
            if token == flag, index + 1 < arguments.count {
                found = arguments[index + 1]
            } else if token.hasPrefix(flag + "=") {
                found = String(token.dropFirst(flag.count + 1))
            }
        }
        return found
    }
}

enum DeployFiles {
    /// The package root: Tests/MarqueeCLITests/DeployFilesTests.swift → three levels up.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func documents(_ relative: String) throws -> [YAMLValue] {
        var sequence = try Yams.load_all(yaml: try text(relative))
        var documents: [YAMLValue] = []
        while let document = sequence.next() { documents.append(YAMLValue(document)) }
        if let error = sequence.error { throw DeployFileError("\(relative): not YAML: \(error)") }
        return documents.filter { $0 != .null }
    }

    /// deploy/*.yaml except experiment.yaml (serve's config, not a Kubernetes object).
    static func manifestPaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("deploy").path)
            .filter { $0.hasSuffix(".yaml") && $0 != "experiment.yaml" }.sorted().map { "deploy/" + $0 }
    }

    /// Every invocation of the two files, or none when they do not load (`loadError` says why).
    static let loaded: ([Invocation], String?) = {
        do { return (try composeInvocations() + kubernetesInvocations(), nil) } catch { return ([], "\(error)") }
    }()
    static var invocations: [Invocation] { loaded.0 }
    static var loadError: String? { loaded.1 }

    // MARK: docker-compose.yml

    static func composeInvocations() throws -> [Invocation] {
        let file = "docker-compose.yml"
        guard let compose = try documents(file).first, case .mapping(let services) = compose["services"] ?? .null
        else { throw DeployFileError("\(file): no services") }
        // The services that run the image the file builds: those with `build`, and those naming its image.
        let builtImages = Set(services.values.filter { $0["build"] != nil }.compactMap { $0["image"]?.text })
        var invocations: [Invocation] = []
        for (name, service) in services.sorted(by: { $0.key < $1.key }) {
            let isMarquee = service["build"] != nil || service["image"]?.text.map(builtImages.contains) == true
            guard isMarquee else { continue }
            let words =
                (service["entrypoint"].map(commandWords) ?? ["marquee"]) + (service["command"].map(commandWords) ?? [])
            var invocation = Invocation(
                file: file, place: "service \(name)", program: words.first ?? "", arguments: Array(words.dropFirst()))
            switch service["environment"] ?? .null {
            case .mapping(let entries): invocation.environment = Set(entries.keys)
            case .sequence(let items):
                invocation.environment = Set(items.compactMap { $0.text?.split(separator: "=").first.map(String.init) })
            default: break
            }
            for port in service["ports"]?.items ?? [] {
                if let text = port.text {
                    // "[host:]host-port:container-port[/protocol]"; the host part may be ${VAR:-default}.
                    let bare = text.split(separator: "/").first.map(String.init) ?? text
                    invocation.containerPorts.append(bare.split(separator: ":").last.map(String.init) ?? bare)
                } else if let target = port["target"]?.text {
                    invocation.containerPorts.append(target)
                }
            }
            if let test = service["healthcheck"]?["test"] {
                let command = test.text ?? test.items.compactMap(\.text).joined(separator: " ")
                for match in command.matches(of: /https?:\/\/[^\/\s:]+:(\d+)(\/[^\s"']*)?/) {
                    invocation.probePorts.append(String(match.1))
                    invocation.probePaths.append(match.2.map(String.init) ?? "/")
                }
            }
            // Compose services reach each other by service name, on the container port.
            invocation.reachableAs = invocation.containerPorts.map { (name: name, port: $0) }
            for volume in service["volumes"]?.items ?? [] {
                if let text = volume.text {
                    let parts = text.split(separator: ":").map(String.init)
                    if parts.count >= 2, parts[0].hasPrefix("."),
                        FileManager.default.fileExists(atPath: root.appendingPathComponent(parts[0]).path)
                    {
                        invocation.mountedFiles.insert(parts[1])
                    }
                }
            }
            invocations.append(invocation)
        }
        return invocations
    }

    /// A compose `command`/`entrypoint`: a list, or a string split like a shell would (quotes,
    /// no expansion); `$$` is compose's escaped `$`.
    static func commandWords(_ value: YAMLValue) -> [String] {
        let words: [String]
        if let text = value.text {
            var split: [String] = []
            var current = ""
            var quote: Character?
            var inWord = false
            for character in text {
                if let open = quote {
                    if character == open { quote = nil } else { current.append(character) }
                } else if character == "\"" || character == "'" {
                    quote = character
                    inWord = true
                } else if character.isWhitespace {
                    if inWord { split.append(current) }
                    current = ""
                    inWord = false
                } else {
                    current.append(character)
                    inWord = true
                }
            }
            if inWord { split.append(current) }
            words = split
        } else {
            words = value.items.map { $0.text ?? "" }
        }
        return words.map { $0.replacingOccurrences(of: "$$", with: "$") }
    }

    // MARK: deploy/*.yaml

    static func kubernetesInvocations() throws -> [Invocation] {
        var all: [(path: String, document: YAMLValue)] = []
        for path in try manifestPaths() {
            for document in try documents(path) { all.append((path, document)) }
        }
        let services = all.filter { $0.document["kind"]?.text == "Service" }
        let configMaps = all.filter { $0.document["kind"]?.text == "ConfigMap" }
        var invocations: [Invocation] = []
        for (path, document) in all {
            let kind = document["kind"]?.text ?? "?"
            let name = document["metadata"]?["name"]?.text ?? "?"
            let template: YAMLValue?
            switch kind {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job": template = document["spec"]?["template"]
            case "CronJob": template = document["spec"]?["jobTemplate"]?["spec"]?["template"]
            case "Pod": template = document
            default: template = nil
            }
            guard let template, let pod = template["spec"] else { continue }
            let podLabels = template["metadata"]?["labels"]?.entries.compactMapValues(\.text) ?? [:]
            let volumes = Dictionary(
                (pod["volumes"]?.items ?? []).compactMap { volume in volume["name"]?.text.map { ($0, volume) } },
                uniquingKeysWith: { $1 })
            for container in (pod["initContainers"]?.items ?? []) + (pod["containers"]?.items ?? []) {
                guard let image = container["image"]?.text, isMarqueeImage(image) else { continue }
                let command = container["command"]?.items.compactMap(\.text)
                let args = container["args"]?.items.compactMap(\.text) ?? []
                let words = (command ?? ["marquee"]) + args
                var invocation = Invocation(
                    file: path, place: "\(kind) \(name), container \(container["name"]?.text ?? "?")",
                    program: words.first.map { ($0 as NSString).lastPathComponent } ?? "",
                    arguments: Array(words.dropFirst()))
                for variable in container["env"]?.items ?? [] {
                    if let variableName = variable["name"]?.text { invocation.environment.insert(variableName) }
                    for (field, referencedKind) in [("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")] {
                        if let reference = variable["valueFrom"]?[field], let object = reference["name"]?.text,
                            let key = reference["key"]?.text
                        {
                            invocation.keyReferences.append(KeyReference(kind: referencedKind, name: object, key: key))
                        }
                    }
                }
                for source in container["envFrom"]?.items ?? [] {
                    let prefix = source["prefix"]?.text ?? ""
                    for (field, referencedKind) in [("secretRef", "Secret"), ("configMapRef", "ConfigMap")] {
                        guard let object = source[field]?["name"]?.text else { continue }
                        let keys = all.filter {
                            $0.document["kind"]?.text == referencedKind
                                && $0.document["metadata"]?["name"]?.text == object
                        }.flatMap {
                            Array(($0.document["data"]?.entries ?? [:]).keys)
                                + Array(($0.document["stringData"]?.entries ?? [:]).keys)
                        }
                        invocation.environment.formUnion(keys.map { prefix + $0 })
                    }
                }
                for word in words {
                    for match in word.matches(of: /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/) {
                        invocation.references.insert(String(match.1))
                    }
                }
                var namedPorts: [String: String] = [:]
                for port in container["ports"]?.items ?? [] {
                    guard let number = port["containerPort"]?.text else { continue }
                    invocation.containerPorts.append(number)
                    if let portName = port["name"]?.text { namedPorts[portName] = number }
                }
                for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
                    guard let get = container[probe]?["httpGet"], let port = get["port"]?.text else { continue }
                    invocation.probePorts.append(namedPorts[port] ?? port)
                    invocation.probePaths.append(get["path"]?.text ?? "/")
                }
                for (_, service) in services {
                    let selector = service["spec"]?["selector"]?.entries.compactMapValues(\.text) ?? [:]
                    guard !selector.isEmpty, selector.allSatisfy({ podLabels[$0.key] == $0.value }) else { continue }
                    let serviceName = service["metadata"]?["name"]?.text ?? "?"
                    for port in service["spec"]?["ports"]?.items ?? [] {
                        guard let exposed = port["port"]?.text else { continue }
                        let target = port["targetPort"]?.text ?? exposed
                        invocation.servicePorts.append((serviceName, namedPorts[target] ?? target))
                        invocation.reachableAs.append((name: serviceName, port: exposed))
                        invocation.reachableAs.append((name: "\(serviceName).marquee", port: exposed))
                        invocation.reachableAs.append((name: "\(serviceName).marquee.svc", port: exposed))
                        invocation.reachableAs.append((name: "\(serviceName).marquee.svc.cluster.local", port: exposed))
                    }
                }
                for mount in container["volumeMounts"]?.items ?? [] {
                    guard let mountPath = mount["mountPath"]?.text, let volumeName = mount["name"]?.text,
                        let configMapName = volumes[volumeName]?["configMap"]?["name"]?.text
                    else { continue }
                    let keys = configMaps.filter { $0.document["metadata"]?["name"]?.text == configMapName }
                        .flatMap { $0.document["data"]?.entries.keys.map { $0 } ?? [] }
                    if let subPath = mount["subPath"]?.text {
                        if keys.contains(subPath) { invocation.mountedFiles.insert(mountPath) }
                    } else {
                        for key in keys { invocation.mountedFiles.insert(mountPath + "/" + key) }
                    }
                }
                invocations.append(invocation)
            }
        }
        return invocations
    }

    /// `registry.example.com/marquee:tag`, `marquee@sha256:…`, `marquee`.
    static func isMarqueeImage(_ image: String) -> Bool {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        return last.split(whereSeparator: { $0 == ":" || $0 == "@" }).first == "marquee"
    }
}

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
