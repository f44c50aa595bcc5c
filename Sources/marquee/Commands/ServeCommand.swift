import ArgumentParser
import Foundation
import NIOPosix
import Serving
import Store

/// `marquee serve`: `GET /recommend/<uid>` through the A/B router, with provenance headers and
/// the served log.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve GET /recommend/<uid> through the experiment's A/B router, with provenance and a served log.",
        discussion: """
            Routes: GET /recommend/<uid> (text/plain, up to 20 comma-separated movie ids, best first),
            GET /health (200 once every variant's model is loaded), GET /metrics (Prometheus),
            POST /admin/reload and GET|PUT /admin/experiment (Authorization: Bearer $MARQUEE_ADMIN_TOKEN).
            The experiment file (JSON or YAML) is reloaded when it changes, on SIGHUP and by PUT; the
            registry is polled for newly promoted models. SIGTERM stops accepting, answers what is in
            flight and writes (or spools) the rest of the served log.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Address to listen on")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: a free port, printed when listening)")
    var port = 8080

    @Option(help: "Experiment config, JSON or YAML: {id, salt, variants: [{name, model, weight}]}")
    var config: String

    @Option(help: "A model folder (manifest.json + model.bin, as `marquee train` writes) to serve besides the registry; repeatable")
    var modelDir: [String] = []

    @Option(help: "Per-request budget in milliseconds; past it the popularity list is served (X-Marquee-Fallback: deadline)")
    var budgetMs = 100

    @Option(help: "Seconds between checks of the registry for newly promoted models")
    var pollSeconds = 5.0

    @Option(help: "Seconds between checks of the experiment file for a change (SIGHUP reloads at once)")
    var watchSeconds = 1.0

    @Option(help: "Folder where the served log is spooled while Postgres is unavailable")
    var spoolDir = ".marquee/spool/served"

    @Option(help: "Most megabytes the spool may hold; beyond it records are counted as dropped")
    var spoolLimitMb = 1024.0

    @Option(help: "Seconds a user's interactions read since training stay fresh before they are read again")
    var freshSeconds = 30.0

    @Option(help: "Close a connection after this many seconds (to twice as many) with nothing read or written; 0 keeps idle connections open")
    var idleSeconds = 60.0

    @Option(help: "File holding the admin bearer token (default: $MARQUEE_ADMIN_TOKEN; without either, admin routes are off)")
    var adminTokenFile: String?

    @Option(help: ArgumentHelp(
        "Pin one event loop to each of these CPUs: auto (every CPU the process may use) or a list such as 0,1 or 0-3",
        discussion: "Default: unpinned loops (--event-loops). Pinning suits a host where the server's cores are its own; under a container CPU quota leave it off."))
    var eventLoopCpus: String?

    @Option(help: ArgumentHelp(
        "Answer on this many event loops, unpinned",
        discussion: "Default: one per core the process may use but one, at least one. The core left over serves the served log, reloads and Postgres without preempting a loop: a lower tail latency for up to 28 % fewer requests a second at saturation (BENCHMARKS.md). On a host the server has to itself, one per core may answer more at saturation: measure there."))
    var eventLoops: Int?

    @Flag(inversion: .prefixedNo, help: "Write one log line per request (to standard error)")
    var accessLog = true

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...10_000).contains(budgetMs) else { throw ValidationError("--budget-ms must be between 1 and 10000") }
        guard pollSeconds > 0, freshSeconds > 0, watchSeconds > 0 else {
            throw ValidationError("--poll-seconds, --watch-seconds and --fresh-seconds must be positive")
        }
        guard spoolLimitMb > 0 else { throw ValidationError("--spool-limit-mb must be positive") }
        guard idleSeconds >= 0 else { throw ValidationError("--idle-seconds must be 0 (off) or positive") }
        if let eventLoops {
            guard (1...1024).contains(eventLoops) else { throw ValidationError("--event-loops must be between 1 and 1024") }
            guard eventLoopCpus == nil else {
                throw ValidationError(
                    "give --event-loops or --event-loop-cpus, not both: a CPU list starts one loop per CPU")
            }
        }
        _ = try eventLoopCPUs()
    }

    /// `--event-loop-cpus`, parsed against the CPUs this process may use.
    private func eventLoopCPUs() throws -> EventLoopCPUs? {
        guard let eventLoopCpus else { return nil }
        do { return try EventLoopCPUs(parsing: eventLoopCpus, allowed: EventLoopCPUs.allowed()) } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let storeConfiguration = try database.configuration()
        _ = try await Store.withStore(storeConfiguration, logger: logger) { try await $0.migrate() }
        var configuration = ServingConfiguration(spoolDirectory: URL(fileURLWithPath: spoolDir))
        configuration.host = host
        configuration.port = port
        configuration.configPath = URL(fileURLWithPath: config)
        configuration.modelDirectories = modelDir.map { URL(fileURLWithPath: $0) }
        configuration.budget = .milliseconds(budgetMs)
        configuration.registryPollInterval = .milliseconds(Int(pollSeconds * 1000))
        configuration.configPollInterval = .milliseconds(Int(watchSeconds * 1000))
        configuration.servedLog.spoolLimitBytes = Int(spoolLimitMb * 1_048_576)
        configuration.fresh.timeToLive = .milliseconds(Int(freshSeconds * 1000))
        configuration.accessLog = accessLog
        configuration.idleTimeout = idleSeconds > 0 ? .milliseconds(Int(idleSeconds * 1000)) : nil
        configuration.eventLoopCPUs = try eventLoopCPUs()
        configuration.eventLoopCount = eventLoops
        configuration.adminToken = try AdminTokenText.read(file: adminTokenFile)
        let shownHost = host
        try await ServingServer.run(
            configuration,
            store: Store(
                configuration: storeConfiguration, logger: logger,
                eventLoopGroup: MultiThreadedEventLoopGroup(numberOfThreads: 1)),
            logger: logger
        ) { port in
            Output.line("marquee serve: listening on http://\(shownHost):\(port)")
        }
    }
}
