import Foundation

/// The drift monitor's arithmetic, as pure functions over counts. Each returns `nil` when
/// the quantity is undefined (no data), which the report shows as a skipped metric.
public enum DriftStatistics {
    /// The floor applied to every bucket share before computing a PSI, so an empty bucket
    /// does not make the logarithm infinite: a share below 1e-4 counts as 1e-4.
    public static let psiEpsilon = 1e-4

    /// The number of user-activity buckets: bucket b holds users with 2^b to 2^(b+1) − 1
    /// interactions, and the last (b = 10) everyone with 1024 or more.
    public static let activityBucketCount = 11

    /// The population stability index between two histograms over the same buckets.
    ///
    /// With shares p_i = reference_i / Σ reference and q_i = current_i / Σ current, each
    /// floored at `epsilon` (not renormalised): PSI = Σ_i (q_i − p_i) · ln(q_i / p_i). It is 0
    /// for identical shares and grows with any shift; 0.1 and 0.25 are the usual
    /// "moderate" and "significant" marks.
    ///
    /// - Returns: `nil` when the histograms differ in length or either is empty (sums to 0).
    public static func populationStabilityIndex(reference: [Int], current: [Int], epsilon: Double = psiEpsilon)
        -> Double?
    {
        let referenceTotal = reference.reduce(0, +)
        let currentTotal = current.reduce(0, +)
        guard reference.count == current.count, referenceTotal > 0, currentTotal > 0 else { return nil }
        var psi = 0.0
        for (r, c) in zip(reference, current) {
            let p = max(Double(r) / Double(referenceTotal), epsilon)
            let q = max(Double(c) / Double(currentTotal), epsilon)
            psi += (q - p) * log(q / p)
        }
        return psi
    }

    /// The Gini coefficient of a set of counts: 0 when all are equal, approaching 1 when one
    /// holds everything.
    ///
    /// With the n counts sorted ascending x_1 ≤ … ≤ x_n: G = Σ_i (2i − n − 1) · x_i / (n · Σ x).
    /// (One count gives 0; counts 0 and 10 give 0.5, the most two counts can reach.)
    ///
    /// - Returns: `nil` for no counts or when all are 0.
    public static func gini(_ counts: some Collection<Int>) -> Double? {
        let sorted = counts.sorted()
        let n = sorted.count
        let total = sorted.reduce(0, +)
        guard n > 0, total > 0 else { return nil }
        var weighted = 0.0
        for (offset, x) in sorted.enumerated() { weighted += Double(2 * (offset + 1) - n - 1) * Double(x) }
        return weighted / (Double(n) * Double(total))
    }

    /// The `k` most-interacted movies, by count descending and ties by movie id ascending
    /// (byte order); movies with 0 interactions are never listed.
    public static func topMovies(_ counts: [String: Int], k: Int) -> [String] {
        let ranked = counts.filter { $0.value > 0 }.sorted {
            $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8)
        }
        return ranked.prefix(max(k, 0)).map(\.key)
    }

    /// The share of all interactions that go to the top-`k` movies (``topMovies(_:k:)``).
    ///
    /// - Returns: `nil` when the window has no interactions.
    public static func topShare(_ counts: [String: Int], k: Int) -> Double? {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        let top = topMovies(counts, k: k).reduce(0) { $0 + (counts[$1] ?? 0) }
        return Double(top) / Double(total)
    }

    /// How many of the top-`k` movies the two windows share, as a fraction:
    /// |top_k(reference) ∩ top_k(current)| / min(k, m_reference, m_current), where m is the
    /// number of movies with interactions. Dividing by the shorter list means two small
    /// windows with the same few movies overlap fully (1.0), not m/k.
    ///
    /// - Returns: `nil` when either window has no interactions.
    public static func topOverlap(reference: [String: Int], current: [String: Int], k: Int) -> Double? {
        let referenceTop = topMovies(reference, k: k)
        let currentTop = topMovies(current, k: k)
        let denominator = min(k, referenceTop.count, currentTop.count)
        guard denominator > 0 else { return nil }
        return Double(Set(referenceTop).intersection(currentTop).count) / Double(denominator)
    }

    /// Users per activity bucket: bucket b = min(⌊log2 count⌋, 10), so 1 → 0, 2–3 → 1,
    /// 4–7 → 2, …, ≥ 1024 → 10. Users with 0 interactions are not counted.
    public static func activityHistogram(_ userCounts: [Int64: Int]) -> [Int] {
        var histogram = [Int](repeating: 0, count: activityBucketCount)
        for count in userCounts.values where count > 0 {
            let bucket = min(Int.bitWidth - 1 - count.leadingZeroBitCount, activityBucketCount - 1)
            histogram[bucket] += 1
        }
        return histogram
    }

    /// The median of the users' interaction counts (users with 0 ignored); the mean of the
    /// two middle values for an even number of users.
    ///
    /// - Returns: `nil` when no user has interactions.
    public static func medianActivity(_ userCounts: [Int64: Int]) -> Double? {
        let sorted = userCounts.values.filter { $0 > 0 }.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}
