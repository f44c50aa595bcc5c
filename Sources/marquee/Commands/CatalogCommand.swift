import ArgumentParser
import Catalog
import Store

/// `marquee catalog`: movie and user metadata into `movies` and `users`.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Load movie and user metadata from a JSON-lines dump, RecBole files or the live metadata API.",
        discussion: """
            Exactly one source: --jsonl FILE (one API answer per line), --recbole DIR (<name>.item and
            <name>.user) or --api URL (fetches only the movies in interactions and the users in interactions
            or recommendation events that are not stored yet). Unusable answers and rows are kept verbatim
            in catalog_rejects with a reason and never stop the run.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    @Option(help: "A JSON-lines dump of metadata API answers")
    var jsonl: String?

    @Option(help: "A RecBole dataset directory (e.g. ml-100k with ml-100k.item and ml-100k.user)")
    var recbole: String?

    @Option(help: "The metadata API's base URL (GET <url>/movie/<id>, <url>/user/<id>)")
    var api: String?

    @Flag(help: "With --api: ask again about ids the API answered unusably before")
    var retryRejects = false

    @Option(help: "With --api: requests per second, retries included")
    var rate: Double = 20

    @Option(help: "With --api: requests that may go at once after a quiet spell (token bucket size)")
    var burst: Int = 1

    @Option(help: "With --api: requests in flight at most")
    var concurrency: Int = 8

    @Option(help: "With --api: attempts per id on connection errors, 429 and 5xx")
    var maxAttempts: Int = 5

    @Option(help: "With --api: first retry waits about this many milliseconds, doubling each time")
    var backoffMs: Int = 200

    @Option(help: "With --api: per request timeout in milliseconds")
    var timeoutMs: Int = 10_000

    @Option(help: "Rows per database write")
    var batchSize: Int = 1000

    @Option(help: "Seconds between progress lines in the log")
    var progressSeconds: Int = 5

    func validate() throws {
        let sources = [jsonl, recbole, api].compactMap { $0 }
        guard sources.count == 1 else {
            throw ValidationError(
                "give exactly one source: --jsonl FILE, --recbole DIR or --api URL (got \(sources.count))")
        }
        if api == nil, retryRejects { throw ValidationError("--retry-rejects only applies to --api") }
        if let api, !(api.hasPrefix("http://") || api.hasPrefix("https://")) {
            throw ValidationError("--api takes the API's base URL, e.g. http://host:8080 (got '\(api)')")
        }
        guard rate > 0, rate.isFinite else { throw ValidationError("--rate must be a positive number of requests/s") }
        guard burst >= 1 else { throw ValidationError("--burst must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard backoffMs >= 0 else { throw ValidationError("--backoff-ms must not be negative") }
        guard timeoutMs >= 1 else { throw ValidationError("--timeout-ms must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard progressSeconds >= 1 else { throw ValidationError("--progress-seconds must be at least 1") }
    }

    func run() async throws {
        let logger = log.makeLogger()
        let summary = try await Store.withStore(try database.configuration(), logger: logger) { store in
            try await store.migrate()
            var loader = CatalogLoader(store: store, logger: logger)
            loader.batchSize = batchSize
            loader.progressInterval = .seconds(progressSeconds)
            if let jsonl { return try await loader.loadDump(atPath: jsonl) }
            if let recbole { return try await loader.loadRecBole(directory: recbole) }
            return try await loader.fetchMissing(fetcherConfiguration(), retryRejects: retryRejects)
        }
        Output.line(summary.description)
    }

    func fetcherConfiguration() -> MetadataFetcher.Configuration {
        var configuration = MetadataFetcher.Configuration(baseURL: api ?? "")
        configuration.rate = rate
        configuration.burst = burst
        configuration.concurrency = concurrency
        configuration.retry.maxAttempts = maxAttempts
        configuration.retry.initialBackoff = .milliseconds(backoffMs)
        configuration.requestTimeout = .milliseconds(timeoutMs)
        return configuration
    }
}
