import AsyncHTTPClient
import Foundation
import Logging

extension CatalogLoader {
    /// The `source` of rows fetched from the metadata API.
    public static let apiSource = "api"

    /// Fetches from the metadata API the movies that interactions mention and the users that
    /// interactions or recommendation events mention, which `movies` / `users` lack; ids the API
    /// already rejected (answers kept in `catalog_rejects` with source `api`) are skipped unless
    /// `retryRejects`.
    ///
    /// Requests are rate-limited and retried as ``MetadataFetcher`` describes; answers are written
    /// in batches of ``batchSize`` or every ``progressInterval``, whichever comes first; ids still failing after every retry count as unavailable and
    /// are asked again next run.
    ///
    /// - Parameter maxConsecutiveUnavailable: after this many ids in a row fail every attempt the
    ///   API is taken to be down: what was fetched is written and the run stops. Default 20.
    /// - Throws: ``CatalogError/Code/usage`` for an unusable base URL, ``CatalogError/Code/transport``
    ///   when the API is down, store errors.
    public func fetchMissing(
        _ configuration: MetadataFetcher.Configuration, retryRejects: Bool = false, maxConsecutiveUnavailable: Int = 20
    ) async throws -> CatalogSummary {
        let started = ContinuousClock.now
        guard let url = URL(string: configuration.baseURL), ["http", "https"].contains(url.scheme ?? ""),
            url.host?.isEmpty == false
        else {
            throw CatalogError(.usage, "'\(configuration.baseURL)' is not an http(s) URL; pass e.g. http://host:port")
        }
        let movies = try await store.missingMovieIDs(source: Self.apiSource, includingRejected: retryRejects)
        let users = try await store.missingUserIDs(source: Self.apiSource, includingRejected: retryRejects)
        logger.info(
            "catalog fetching missing metadata",
            metadata: ["catalog.movies_missing": "\(movies.count)", "catalog.users_missing": "\(users.count)"])
        let requests = movies.map(MetadataRequest.movie) + users.map(MetadataRequest.user)
        var http = HTTPClient.Configuration()
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(configuration.concurrency, 1)
        var summary = try await HTTPClient.withHTTPClient(configuration: http, backgroundActivityLogger: logger) {
            client in
            try await fetch(
                requests, MetadataFetcher(client: client, configuration: configuration, logger: logger),
                concurrency: max(configuration.concurrency, 1), maxConsecutiveUnavailable: maxConsecutiveUnavailable)
        }
        summary.elapsed = started.duration(to: .now)
        logger.info("catalog fetched", metadata: summary.metadata)
        return summary
    }

    private func fetch(
        _ requests: [MetadataRequest], _ fetcher: MetadataFetcher, concurrency: Int, maxConsecutiveUnavailable: Int
    ) async throws -> CatalogSummary {
        var writer = CatalogWriter(store: store, source: Self.apiSource, batchSize: batchSize)
        var lastReport = ContinuousClock.now
        try await withThrowingTaskGroup(of: MetadataFetcher.Outcome.self) { group in
            var pending = requests.makeIterator()
            for _ in 0..<concurrency {
                guard let request = pending.next() else { break }
                group.addTask { try await fetcher.fetch(request) }
            }
            var unavailableInARow = 0
            while let outcome = try await group.next() {
                writer.countRead()
                writer.count(
                    requests: outcome.attempts, retries: outcome.attempts - 1, unavailable: outcome.entry == nil ? 1 : 0
                )
                if let entry = outcome.entry {
                    unavailableInARow = 0
                    try await writer.add(entry)
                } else {
                    unavailableInARow += 1
                    logger.info(
                        "metadata unavailable",
                        metadata: [
                            "catalog.path": "\(outcome.request.path)", "catalog.failure": "\(outcome.failure ?? "")",
                        ])
                    if unavailableInARow >= maxConsecutiveUnavailable {
                        group.cancelAll()
                        try await writer.flush()
                        throw CatalogError(
                            .transport,
                            "the metadata API at \(fetcher.configuration.baseURL) failed \(unavailableInARow) ids in a row "
                                + "after every retry (last: \(outcome.failure ?? "?")); stopped after \(writer.summary.read) "
                                + "of \(requests.count) ids, answers so far are stored; run again when it is back")
                    }
                }
                if lastReport.duration(to: .now) >= progressInterval {
                    // Answers trickle in at the rate limit: write what is in hand rather than wait for a full batch.
                    try await writer.flush()
                    lastReport = .now
                    var metadata = writer.summary.metadata
                    metadata["catalog.remaining"] = "\(requests.count - writer.summary.read)"
                    logger.info("catalog progress", metadata: metadata)
                }
                if let request = pending.next() { group.addTask { try await fetcher.fetch(request) } }
            }
        }
        return try await writer.finish()
    }
}
