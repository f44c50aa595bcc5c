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
    /// How many unpinned event loops answer; nil runs NIO's shared group, one loop per core.
    /// Ignored when ``eventLoopCPUs`` is set. Fewer loops than cores leave a core to the host's
    /// other busy processes: on 2 cores shared with wrk and Postgres, one loop answered 10–20 %
    /// fewer requests a second at 64 connections, with a p99 about a third lower.
    public var eventLoopCount: Int?
    public var servedLog: ServedLog.Configuration
    public var fresh = FreshInteractions.Configuration()

    public init(spoolDirectory: URL) { servedLog = .init(spoolDirectory: spoolDirectory) }
}
