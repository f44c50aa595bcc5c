/// A token bucket as a pure state machine: `rate` tokens a second up to `burst`, full at the
/// start; a request may go when it can take a whole token.
///
/// Over any span `t`, at most `burst + rate × t` requests get a token. Times are offsets from an
/// origin the owner picks (its clock's start), so tests drive it without sleeping.
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second (> 0).
    public let rate: Double
    /// Most tokens the bucket holds (≥ 1): how many requests may go at once after a quiet spell.
    public let burst: Double
    private var tokens: Double
    private var updated: Duration = .zero
    private var pausedUntil: Duration = .zero

    public init(rate: Double, burst: Int = 1) {
        self.rate = max(rate, 1e-6)
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
    }

    /// Takes a token at `now` and returns `nil`, or returns how long to wait before asking again.
    public mutating func take(at now: Duration) -> Duration? {
        if now < pausedUntil { return pausedUntil - now }
        if now > updated {
            tokens = min(burst, tokens + Self.seconds(now - updated) * rate)
            updated = now
        }
        guard tokens < 1 else {
            tokens -= 1
            return nil
        }
        // Rounded up to whole microseconds: never zero, and never early.
        return .microseconds(Int64(((1 - tokens) / rate * 1e6).rounded(.up)))
    }

    /// Gives no token before `until` (a 429's Retry-After); the bucket starts empty then.
    public mutating func pause(until: Duration) {
        guard until > pausedUntil else { return }
        pausedUntil = until
        tokens = 0
        updated = max(updated, until)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
