import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Asks the metadata API about one id at a time, through a shared rate limiter, retrying
/// what is worth retrying (see ``RetryPolicy``).
public struct MetadataFetcher: Sendable {
    /// How to talk to the API.
    public struct Configuration: Sendable {
        /// The API's base URL, e.g. `http://metadata.example:8080` (paths `/movie/<id>` and
        /// `/user/<id>` are appended).
        public var baseURL: String
        /// Requests per second over all workers, retries included. Default 20.
        public var rate: Double = 20
        /// Requests that may go at once after a quiet spell. Default 1 (evenly spaced).
        public var burst = 1
        /// Requests in flight at most. Default 8.
        public var concurrency = 8
        public var retry = RetryPolicy()
        /// Per request, connecting included. Default 10 s.
        public var requestTimeout: Duration = .seconds(10)
        /// Larger answers are treated as failed requests. Default 1 MiB.
        public var maxBodyBytes = 1 << 20

        public init(baseURL: String) { self.baseURL = baseURL }
    }

    /// The end of one id's requests.
    public struct Outcome: Sendable {
        public var request: MetadataRequest
        /// The record or reject; `nil` when every attempt failed without a usable answer.
        public var entry: CatalogEntry?
        public var attempts: Int
        /// The last failure when `entry` is `nil`.
        public var failure: String?
    }

    let client: HTTPClient
    let configuration: Configuration
    let limiter: RateLimiter
    let logger: Logger

    /// A fetcher on `client`, which the caller owns and shuts down.
    public init(client: HTTPClient, configuration: Configuration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        limiter = RateLimiter(rate: configuration.rate, burst: configuration.burst)
        self.logger = logger
    }

    /// Fetches one id; throws only when cancelled.
    public func fetch(_ request: MetadataRequest) async throws -> Outcome {
        let policy = configuration.retry
        var failure = ""
        let attempts = max(policy.maxAttempts, 1)
        for attempt in 1...attempts {
            try await limiter.acquire()
            var wait: Duration?
            do {
                let (status, retryAfter, body) = try await send(request)
                if (200..<300).contains(status) {
                    return Outcome(request: request, entry: request.entry(body: body), attempts: attempt)
                }
                if status == 404 {
                    let reject = request.reject(body: body, CatalogError(.notFound))
                    return Outcome(request: request, entry: reject, attempts: attempt)
                }
                guard RetryPolicy.isRetryable(status: status) else {
                    let reject = request.reject(body: body, CatalogError(.httpStatus, "\(status)"))
                    return Outcome(request: request, entry: reject, attempts: attempt)
                }
                failure = "HTTP \(status)"
                if status == 429, let delay = policy.retryAfter(retryAfter) {
                    limiter.pause(for: delay)
                    wait = delay
                }
            } catch let error as CancellationError {
                throw error
            } catch {
                failure = String(describing: error)
            }
            guard attempt < attempts else { break }
            let delay = wait ?? policy.backoff(afterAttempt: attempt, random: Double.random(in: 0..<1))
            logger.debug(
                "metadata request retried",
                metadata: [
                    "catalog.path": "\(request.path)", "catalog.attempt": "\(attempt)", "catalog.failure": "\(failure)",
                    "catalog.wait_s": "\(TokenBucket.seconds(delay))",
                ])
            try await Task.sleep(for: delay)
        }
        return Outcome(request: request, entry: nil, attempts: attempts, failure: failure)
    }

    /// One HTTP exchange: status, `Retry-After` and the whole body.
    private func send(_ request: MetadataRequest) async throws -> (Int, String?, [UInt8]) {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var http = HTTPClientRequest(url: base + request.path)
        http.headers.add(name: "Accept", value: "application/json")
        let timeout = configuration.requestTimeout.components
        let response = try await client.execute(
            http,
            timeout: .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000),
            logger: logger)
        let body = try await response.body.collect(upTo: configuration.maxBodyBytes)
        return (Int(response.status.code), response.headers.first(name: "Retry-After"), Array(buffer: body))
    }
}
