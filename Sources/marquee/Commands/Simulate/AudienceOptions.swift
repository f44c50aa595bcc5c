import ArgumentParser
import Simulation

/// The simulated audience's knobs as flags (`marquee simulate`, `marquee demo`).
struct AudienceOptions: ParsableArguments {
    @Option(help: "Random seed of the world: the same seed gives the same users, catalog and history")
    var seed: UInt64 = 7
    @Option(help: "Users with a watch history")
    var users: Int = 3000
    @Option(help: "Users without a history who only appear in live traffic (cold start)")
    var newUsers: Int = 300
    @Option(help: "Movies in the catalog")
    var movies: Int = 600
    @Option(help: "Days of history before live traffic")
    var historyDays: Int = 14
    @Option(help: "Watch sessions per user over the history, on average")
    var sessionsPerUser: Double = 20
    @Option(help: "Fraction of lines that are dirty on purpose (0…1)")
    var dirtyRate: Double = 0.02
    @Option(help: "Chance that a user watches a listed movie that fits their taste perfectly (0…1)")
    var propensity: Double = 0.3

    func validate() throws {
        let problems = configuration.problems
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
    }

    var configuration: Audience.Configuration {
        Audience.Configuration(
            seed: seed, users: users, newUsers: newUsers, movies: movies, historyDays: historyDays,
            sessionsPerUser: sessionsPerUser, dirtyRate: dirtyRate, propensity: propensity)
    }
}

/// Live traffic's knobs as flags.
struct TrafficOptions: ParsableArguments {
    @Option(help: "Calls of GET /recommend/<uid> to make")
    var requests: Int = 3000
    @Option(help: "Calls started per second")
    var rate: Double = 150
    @Option(help: "Most calls in flight at once")
    var concurrency: Int = 32
    @Option(help: "Milliseconds a client waits before it logs status 0 (a timeout)")
    var timeoutMs: Int = 600

    func validate() throws {
        guard requests >= 0, rate > 0, concurrency >= 1, timeoutMs >= 1 else {
            throw ValidationError("--requests must be ≥ 0; --rate, --concurrency and --timeout-ms must be positive")
        }
    }

    func configuration(service: String) -> LiveTraffic.Configuration {
        LiveTraffic.Configuration(
            serviceURL: service, requests: requests, rate: rate, concurrency: concurrency,
            timeout: .milliseconds(timeoutMs))
    }
}
