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
