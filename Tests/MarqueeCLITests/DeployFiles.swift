import Foundation
import MarqueeTesting
import Serving
import Testing
import Yams

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
