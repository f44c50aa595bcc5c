import Foundation

/// When and how long to wait before asking the metadata API again.
///
/// Connection errors, timeouts, 408, 429 and 5xx are retried; 404 and other answers are final.
/// The wait after attempt `n` is exponential with "equal jitter": half of
/// `min(maxBackoff, initialBackoff × 2^(n-1))` plus a random share of the other half, so
/// workers that failed together do not return together. A 429's `Retry-After` is honoured
/// instead (capped at `maxRetryAfter`).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per id, the first included (≥ 1). Default 5.
    public var maxAttempts = 5
    /// Default 200 ms.
    public var initialBackoff: Duration = .milliseconds(200)
    /// Default 10 s.
    public var maxBackoff: Duration = .seconds(10)
    /// The longest `Retry-After` obeyed; longer ones are cut to this. Default 120 s.
    public var maxRetryAfter: Duration = .seconds(120)

    public init() {}

    /// Whether an HTTP status is worth another attempt.
    public static func isRetryable(status: Int) -> Bool { status == 408 || status == 429 || status >= 500 }

    /// The wait after failed attempt `attempt` (1-based), `random` in 0..<1.
    public func backoff(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxBackoff, initialBackoff * (1 << exponent))
        return ceiling / 2 + (ceiling / 2) * random
    }

    /// The wait a `Retry-After` value asks for: delta-seconds (`"2"`) or an HTTP date relative to
    /// `now`; `nil` when absent or unreadable. Capped at ``maxRetryAfter``.
    public func retryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let seconds: Double
        if let delta = Double(value), delta.isFinite {
            seconds = delta
        } else if let date = Self.httpDate(value) {
            seconds = date.timeIntervalSince(now)
        } else {
            return nil
        }
        return min(.milliseconds(Int64(max(seconds, 0) * 1000)), maxRetryAfter)
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
