import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps the served experiment and models current: loads them at start, then reloads the
/// config when its file changes or on SIGHUP, and the models when the registry's promoted
/// versions change. A failed reload is logged and counted; the previous state keeps serving.
struct ReloadService: Service {
    let controller: ServingController
    let configPollInterval: Duration
    let registryPollInterval: Duration
    let logger: Logger

    func run() async throws {
        await attempt("start") { try await controller.reloadConfigFile(force: true) }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: configPollInterval)
                        await attempt("config file") { try await controller.reloadConfigFile() }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: registryPollInterval)
                        await attempt("registry poll") { try await controller.reloadModels() }
                    }
                }
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) {
                        await attempt("SIGHUP") {
                            try await controller.reloadConfigFile(force: true)
                            return try await controller.reloadModels(force: true)
                        }
                    }
                }
            }
        }
    }

    private func attempt(_ trigger: String, _ body: () async throws -> String) async {
        do {
            let summary = try await body()
            logger.debug("reload checked", metadata: ["trigger": "\(trigger)", "result": "\(summary)"])
        } catch let error as ServingError where error.code == .notReady {
            logger.debug("nothing to reload yet", metadata: ["trigger": "\(trigger)"])
        } catch {
            logger.error("reload failed; the previous state keeps serving", metadata: [
                "trigger": "\(trigger)", "error": "\(error)",
            ])
        }
    }
}
