import Foundation

/// Successes out of trials: conversions out of recommendation events.
public struct Proportion: Sendable, Hashable, Codable {
    public var successes: Int
    public var trials: Int

    public init(successes: Int, trials: Int) {
        self.successes = successes
        self.trials = trials
    }

    /// successes / trials (0 when there are no trials).
    public var rate: Double { trials == 0 ? 0 : Double(successes) / Double(trials) }
}

/// The statistics of an A/B read on proportions (WTR per variant). Pure functions; checked
/// against scipy and statsmodels in the tests (`Tests/EvaluationTests/Online/ab_reference.py`).
public enum ABStatistics {
    /// The Wilson score interval of `p` (Wilson 1927), as statsmodels' `proportion_confint(method="wilson")`.
    public static func wilson(_ p: Proportion, confidence: Double = 0.95) -> ClosedRange<Double> {
        guard p.trials > 0 else { return 0...1 }
        let z = Normal.quantile(0.5 + confidence / 2)
        let n = Double(p.trials)
        let rate = p.rate
        let denominator = 1 + z * z / n
        let centre = (rate + z * z / (2 * n)) / denominator
        let half = z * (rate * (1 - rate) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return max(0, centre - half)...min(1, centre + half)
    }

    /// `b.rate − a.rate` with its unpooled (Wald) interval.
    public static func difference(_ a: Proportion, _ b: Proportion, confidence: Double = 0.95) -> (
        estimate: Double, interval: ClosedRange<Double>
    ) {
        let estimate = b.rate - a.rate
        let z = Normal.quantile(0.5 + confidence / 2)
        let half = z * unpooledVariance(a, b).squareRoot()
        return (estimate, (estimate - half)...(estimate + half))
    }

    /// The pooled two-proportion z-test of `b` against `a` (two-sided), as statsmodels'
    /// `proportions_ztest` with its default pooled variance. A fixed-horizon test: its p-value is
    /// valid only when read once, at a sample size fixed in advance.
    public static func zTest(_ a: Proportion, _ b: Proportion) -> (z: Double, pValue: Double) {
        let trials = Double(a.trials + b.trials)
        guard a.trials > 0, b.trials > 0 else { return (0, 1) }
        let pooled = Double(a.successes + b.successes) / trials
        let variance = pooled * (1 - pooled) * (1 / Double(a.trials) + 1 / Double(b.trials))
        guard variance > 0 else { return (0, 1) }
        let z = (b.rate - a.rate) / variance.squareRoot()
        return (z, 2 * Normal.survival(abs(z)))
    }

    /// The chi-square goodness-of-fit test of observed `counts` against `weights` (the configured
    /// traffic split), as scipy's `chisquare`. A sample-ratio mismatch is flagged at p < 0.001.
    public static func sampleRatioMismatch(counts: [Int], weights: [Double]) -> (
        chiSquare: Double, degreesOfFreedom: Int, pValue: Double
    ) {
        let total = Double(counts.reduce(0, +))
        let weightSum = weights.reduce(0, +)
        var statistic = 0.0
        var cells = 0
        for (count, weight) in zip(counts, weights) where weight > 0 {
            let expected = total * weight / weightSum
            statistic += (Double(count) - expected) * (Double(count) - expected) / expected
            cells += 1
        }
        let freedom = max(cells - 1, 1)
        return (statistic, freedom, ChiSquare.survival(statistic, degreesOfFreedom: freedom))
    }

    /// The mixture sequential probability ratio test (mSPRT) for `b.rate − a.rate` with a normal
    /// mixture of variance `tau²` over the difference (Johari, Pekelis & Walsh 2017): with
    /// `V` the unpooled variance of the observed difference `Δ`,
    ///
    ///     Λ = √(V / (V + τ²)) · exp(τ² Δ² / (2 V (V + τ²)))
    ///
    /// and the always-valid p-value is `min(1, 1 / max Λ)` over every look so far. It stays
    /// valid however often it is read: pass the previous p-value as `previous`.
    public static func mixtureSPRT(
        _ a: Proportion, _ b: Proportion, tau: Double = 0.05, previous: Double = 1
    ) -> (likelihoodRatio: Double, pValue: Double) {
        let variance = unpooledVariance(a, b)
        guard variance > 0 else { return (1, previous) }
        let difference = b.rate - a.rate
        let tau2 = tau * tau
        let ratio =
            (variance / (variance + tau2)).squareRoot()
            * exp(tau2 * difference * difference / (2 * variance * (variance + tau2)))
        return (ratio, min(previous, 1 / max(ratio, 1)))
    }

    private static func unpooledVariance(_ a: Proportion, _ b: Proportion) -> Double {
        guard a.trials > 0, b.trials > 0 else { return 0 }
        return a.rate * (1 - a.rate) / Double(a.trials) + b.rate * (1 - b.rate) / Double(b.trials)
    }
}

/// The standard normal distribution.
enum Normal {
    /// P(Z > z).
    static func survival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// The quantile (inverse CDF) of `p` in (0, 1): Acklam's rational approximation refined by
    /// one Halley step (relative error below 1e-12).
    static func quantile(_ p: Double) -> Double {
        let a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
                 -30.66479806614716, 2.506628277459239]
        let b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
        let c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
                 4.374664141464968, 2.938163982698783]
        let d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let error = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// The chi-square distribution.
enum ChiSquare {
    /// P(X > x) for `degreesOfFreedom`: the regularized upper incomplete gamma Q(k/2, x/2).
    static func survival(_ x: Double, degreesOfFreedom: Int) -> Double {
        guard x > 0 else { return 1 }
        return upperRegularizedGamma(Double(degreesOfFreedom) / 2, x / 2)
    }

    /// Q(s, x) by its series below s + 1 and its continued fraction above (Numerical Recipes §6.2).
    static func upperRegularizedGamma(_ s: Double, _ x: Double) -> Double {
        let logPrefix = s * log(x) - x - lgamma(s)
        if x < s + 1 {
            var term = 1 / s
            var sum = term
            var n = s
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - s
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }
}
