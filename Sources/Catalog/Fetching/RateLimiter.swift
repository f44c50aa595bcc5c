import Synchronization

/// A ``TokenBucket`` shared by concurrent requests, on the continuous clock.
final class RateLimiter: Sendable {
    private let bucket: Mutex<TokenBucket>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(rate: Double, burst: Int) {
        bucket = Mutex(TokenBucket(rate: rate, burst: burst))
        origin = clock.now
    }

    /// Waits until a token is free and takes it.
    func acquire() async throws {
        while let wait = bucket.withLock({ $0.take(at: clock.now - origin) }) {
            try await Task.sleep(for: wait, clock: clock)
        }
    }

    /// Stops handing out tokens for `duration` from now.
    func pause(for duration: Duration) {
        let until = clock.now - origin + duration
        bucket.withLock { $0.pause(until: until) }
    }
}
