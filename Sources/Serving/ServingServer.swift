import Foundation
import Hummingbird
import Logging
import NIOPosix
import Recommenders
import ServiceLifecycle
import Store

/// `marquee serve`: the HTTP application and the services around it, run by one
/// `ServiceGroup` (SIGTERM and SIGINT stop it gracefully: the server stops accepting, answers
/// what is in flight, then the served log writes or spools what is left).
public enum ServingServer {
    /// Runs until a shutdown signal, or until `stop` returns (for a server run inside another
    /// command, like `marquee demo`). `onListening` hears the bound port once the server accepts.
    /// Throws at once when the config file cannot be read or parsed, or a model folder fails
    /// to load; a config whose models are not in the registry yet only keeps `/health` at 503.
    public static func run(
        _ configuration: ServingConfiguration, store: Store, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        stop: (@Sendable () async -> Void)? = nil
    ) async throws {
        if let path = configuration.configPath {
            do { _ = try Experiment(configFile: try Data(contentsOf: path)) } catch let error as ExperimentError {
                throw ServingError(.config, "\(path.path): \(error.message)")
            } catch {
                throw ServingError(.config, "cannot read the experiment config \(path.path): \(error.localizedDescription)")
            }
        }
        // Requests run side by side on the event loops; each product runs on its request's thread.
        ALSRecommender.useOneBLASThread()
        let metrics = ServingMetrics()
        let box = ServingStateBox()
        let source = try ModelSource(store: store, directories: configuration.modelDirectories)
        let controller = ServingController(
            box: box, source: source, configPath: configuration.configPath, metrics: metrics, logger: logger)
        let fresh = FreshInteractions(configuration: configuration.fresh, logger: logger)
        let servedLog = try ServedLog(configuration: configuration.servedLog, metrics: metrics, logger: logger)
        var accessLogger = logger
        accessLogger[metadataKey: "log"] = "access"
        let components = ServingComponents(
            box: box, controller: controller,
            recommending: Recommending(
                fresh: fresh, budget: configuration.budget, count: min(configuration.listLength, ItemList.capacity)),
            servedLog: servedLog, metrics: metrics, adminToken: AdminToken(secret: configuration.adminToken),
            accessLog: AccessLog(logger: configuration.accessLog ? accessLogger : nil))
        let serverName = "marquee"
        let eventLoops =
            if let cpus = configuration.eventLoopCPUs {
                MultiThreadedEventLoopGroup(pinnedCPUIDs: cpus.ids)
            } else {
                MultiThreadedEventLoopGroup(
                    numberOfThreads: configuration.eventLoopCount
                        ?? ServingConfiguration.defaultEventLoopCount(usableCores: UsableCores.count))
            }
        let application = Application(
            router: ServingRoutes.router(components, logger: logger),
            // `GET /recommend/<uid>` is answered from the connection's bytes; the rest reaches the router.
            server: FastPathHTTP1Channel.builder(
                components, serverName: serverName, idleTimeout: configuration.idleTimeout),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            eventLoopGroupProvider: .shared(eventLoops),
            logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
                services: [
                    .init(service: ClosureService { await store.run() }),
                    .init(service: ClosureService { await servedLog.run(store: store) }),
                    .init(service: ClosureService { await cancelWhenGracefulShutdown { await fresh.run(store: store) } }),
                    .init(
                        service: ReloadService(
                            controller: controller, configPollInterval: configuration.configPollInterval,
                            registryPollInterval: configuration.registryPollInterval, logger: logger)),
                    .init(service: application),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        if let stop {
            // Returning from `stop` shuts the group down as SIGTERM would.
            groupConfiguration.services.append(
                .init(service: ClosureService { await stop() }, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        // A service still busy 20 s after SIGTERM is cancelled (every loop here ends on cancellation).
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(20)
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            try? await eventLoops.shutdownGracefully()
            throw error
        }
        try await eventLoops.shutdownGracefully()
    }
}

/// A service whose `run()` is a closure.
struct ClosureService: Service {
    let body: @Sendable () async throws -> Void
    init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }
    func run() async throws { try await body() }
}
