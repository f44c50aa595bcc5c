import Foundation

/// How `marquee serve` runs (its flags, as values).
public struct ServingConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (printed when listening).
    public var port = 8080
    /// The experiment file (JSON or YAML), watched for changes.
    public var configPath: URL?
    /// Model folders to serve besides the registry's models.
    public var modelDirectories: [URL] = []
    /// Past this time since arrival, a request gets the popularity list (`X-Marquee-Fallback: deadline`).
    public var budget: Duration = .milliseconds(100)
    /// Movies per answer (at most ``ItemList/capacity``, 20).
    public var listLength = 20
    /// One log line per request.
    public var accessLog = true
    /// The bearer token of the admin routes; nil turns them off.
    public var adminToken: String?
    /// How often the registry is asked whether a promoted model changed.
    public var registryPollInterval: Duration = .seconds(5)
    /// How often the config file is checked for a change.
    public var configPollInterval: Duration = .seconds(1)
    /// A connection with nothing read or written for this long (to twice as long) is closed;
    /// nil keeps idle connections open.
    public var idleTimeout: Duration? = .seconds(60)
    /// CPUs to pin one event loop each to; nil runs unpinned loops (``eventLoopCount``).
    public var eventLoopCPUs: EventLoopCPUs?
    /// How many unpinned event loops answer; nil runs ``defaultEventLoopCount(usableCores:)`` of
    /// ``UsableCores/count``. Ignored when ``eventLoopCPUs`` is set.
    public var eventLoopCount: Int?
    public var servedLog: ServedLog.Configuration
    public var fresh = FreshInteractions.Configuration()

    public init(spoolDirectory: URL) { servedLog = .init(spoolDirectory: spoolDirectory) }

    /// The event loops a server runs unless told: one per usable core but one, and at least one.
    ///
    /// The core left over is for the work every answer causes off its loop: the served log's
    /// batches and their Postgres client, fold-ins and model reloads, and usually Postgres itself.
    /// A loop holds its connections, so when that work preempts it, all of them wait; with a core
    /// to spare it seldom does. On 2 cores shared with wrk and Postgres, one loop kept p99 at
    /// 3.4–4.6 ms where two loops had 4.0–9.0 ms, for 0–28 % fewer requests a second at
    /// saturation (BENCHMARKS.md, "Serving under load").
    public static func defaultEventLoopCount(usableCores: Int) -> Int { max(1, usableCores - 1) }
}
