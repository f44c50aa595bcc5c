import Catalog
import Testing

/// The rate limiter's arithmetic, driven by a fake clock (offsets), so no test sleeps.
@Suite struct TokenBucketTests {
    @Test func aFullBucketLetsItsBurstThroughThenSpacesRequests() {
        var bucket = TokenBucket(rate: 10, burst: 3)
        for _ in 0..<3 { #expect(bucket.take(at: .zero) == nil) }
        #expect(bucket.take(at: .zero) == .milliseconds(100))
        #expect(bucket.take(at: .milliseconds(50)) == .milliseconds(50))
        #expect(bucket.take(at: .milliseconds(100)) == nil)
        #expect(bucket.take(at: .milliseconds(100)) == .milliseconds(100))
    }

    @Test(arguments: [(20.0, 1), (7.5, 1), (10.0, 4), (100.0, 10)])
    func noSpanEverSeesMoreThanBurstPlusRateTimesItsLength(rate: Double, burst: Int) {
        // Eager callers retry exactly when told; record every grant over 10 simulated seconds.
        var bucket = TokenBucket(rate: rate, burst: burst)
        var grants: [Duration] = []
        var callers = Array(repeating: Duration.zero, count: 5)
        while let index = callers.indices.min(by: { callers[$0] < callers[$1] }), callers[index] < .seconds(10) {
            if let wait = bucket.take(at: callers[index]) {
                callers[index] += wait
            } else {
                grants.append(callers[index])
                callers[index] += .milliseconds(1)
            }
        }
        #expect(Double(grants.count) >= rate * 10 * 0.99)
        for (i, start) in grants.enumerated() {
            let span = grants[i...].prefix { $0 - start <= .seconds(1) }.count
            #expect(Double(span) <= Double(burst) + rate * 1 + 1e-9, "window from \(start)")
        }
    }

    @Test func aPauseHoldsEveryTokenUntilItEnds() {
        var bucket = TokenBucket(rate: 10, burst: 5)
        #expect(bucket.take(at: .zero) == nil)
        bucket.pause(until: .seconds(2))
        #expect(bucket.take(at: .seconds(1)) == .seconds(1))
        #expect(bucket.take(at: .seconds(2)) == .milliseconds(100))
        #expect(bucket.take(at: .milliseconds(2100)) == nil)
        bucket.pause(until: .seconds(1))  // an earlier end changes nothing
        #expect(bucket.take(at: .milliseconds(2100)) == .milliseconds(100))
    }
}
