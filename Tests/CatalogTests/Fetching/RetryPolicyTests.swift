import Catalog
import Foundation
import Testing

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesWithJitterUpToItsCeiling() {
        let policy = RetryPolicy()
        #expect(policy.backoff(afterAttempt: 1, random: 0) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 1, random: 0.999_999) < .milliseconds(200))
        #expect(policy.backoff(afterAttempt: 3, random: 0) == .milliseconds(400))
        #expect(policy.backoff(afterAttempt: 40, random: 0) == .seconds(5))
        #expect(policy.backoff(afterAttempt: 40, random: 1) == .seconds(10))
    }

    @Test func whatIsRetried() {
        #expect([408, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable(status:)))
        #expect(![200, 301, 400, 401, 403, 404, 410].contains(where: RetryPolicy.isRetryable(status:)))
    }

    @Test func retryAfterInSecondsOrAsADate() {
        let policy = RetryPolicy()
        #expect(policy.retryAfter("2") == .seconds(2))
        #expect(policy.retryAfter(" 0.5 ") == .milliseconds(500))
        #expect(policy.retryAfter("-3") == .zero)
        #expect(policy.retryAfter("86400") == .seconds(120))
        #expect(policy.retryAfter(nil) == nil)
        #expect(policy.retryAfter("soon") == nil)
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(policy.retryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == .seconds(30))
    }
}
