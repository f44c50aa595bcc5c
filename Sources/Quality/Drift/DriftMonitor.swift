import Foundation

/// Compares a current window of interactions with a reference window and gives a verdict.
///
/// Metrics (defined precisely on ``DriftStatistics``):
/// - `current_interactions`, `reference_interactions`: the window's interaction count;
///   block below ``DriftThresholds/minimumInteractions`` (default 1: an empty window blocks).
/// - `rating_psi`: PSI over the five rating buckets.
/// - `top100_overlap`: shared top-100 movies over min(100, movies in each window).
/// - `top10_share_delta`, `top100_share_delta`: current − reference share of interactions on
///   the top-K movies, held to the limits by absolute value.
/// - `gini_delta`: current − reference Gini of per-movie interactions, by absolute value.
/// - `user_activity_psi`: PSI over users per log2 bucket of their interaction count (1,
///   2–3, 4–7, …, ≥ 1024). It flags a change in how active users are (a flood of one-off
///   users, a bot with thousands of plays) that per-movie metrics miss.
///
/// A metric that cannot be computed (no reference, no ratings in a window) is `skipped`
/// and never fails. The verdict is the worst status: block, else warn, else pass.
///
/// Without a reference (snapshot mode) only `current_interactions` is checked; the
/// window's own figures (shares, Gini, rating distribution) are in ``DriftReport/current``.
public struct DriftMonitor: Sendable {
    /// The limits metrics are held to.
    public var thresholds: DriftThresholds

    /// Creates a monitor with `thresholds` (the defaults unless given).
    public init(thresholds: DriftThresholds = DriftThresholds()) {
        self.thresholds = thresholds
    }

    /// Computes every metric for `current` against `reference` (snapshot mode when `nil`).
    public func report(reference: DriftWindowSummary?, current: DriftWindowSummary) -> DriftReport {
        let currentStatistics = DriftWindowStatistics(current)
        let referenceStatistics = reference.map(DriftWindowStatistics.init)
        var metrics = [
            metric(.currentInteractions, Double(current.interactions), "")
        ]
        if let reference, let referenceStatistics {
            metrics += compare(reference, referenceStatistics, current, currentStatistics)
        } else {
            let comparative = DriftMetric.Name.allCases.filter { $0 != .currentInteractions }
            metrics += comparative.map { metric($0, nil, "no reference window (single-snapshot mode)") }
        }
        let failures = metrics.compactMap(failure)
        let failing = failures.filter { $0.level == .block } + failures.filter { $0.level == .warn }
        let verdict: DriftReport.Verdict = failing.first?.level ?? .pass
        return DriftReport(
            mode: reference == nil ? .snapshot : .compare, verdict: verdict, reference: referenceStatistics,
            current: currentStatistics, metrics: metrics, failing: failing, thresholds: thresholds)
    }

    private func compare(
        _ reference: DriftWindowSummary, _ referenceStatistics: DriftWindowStatistics,
        _ current: DriftWindowSummary, _ currentStatistics: DriftWindowStatistics
    ) -> [DriftMetric] {
        let noInteractions = "a window has no interactions"
        func delta(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b else { return nil }
            return b - a
        }
        return [
            metric(.referenceInteractions, Double(reference.interactions), ""),
            metric(
                .ratingPSI,
                DriftStatistics.populationStabilityIndex(
                    reference: reference.ratingCounts.counts, current: current.ratingCounts.counts),
                "a window has no ratings"),
            metric(
                .top100Overlap,
                DriftStatistics.topOverlap(
                    reference: reference.movieInteractions, current: current.movieInteractions, k: 100),
                noInteractions),
            metric(
                .top10ShareDelta, delta(referenceStatistics.top10Share, currentStatistics.top10Share), noInteractions),
            metric(
                .top100ShareDelta, delta(referenceStatistics.top100Share, currentStatistics.top100Share), noInteractions
            ),
            metric(.giniDelta, delta(referenceStatistics.gini, currentStatistics.gini), noInteractions),
            metric(
                .userActivityPSI,
                DriftStatistics.populationStabilityIndex(
                    reference: referenceStatistics.userActivityHistogram,
                    current: currentStatistics.userActivityHistogram),
                "a window has no active users"),
        ]
    }

    private func metric(_ name: DriftMetric.Name, _ value: Double?, _ skipped: String) -> DriftMetric {
        DriftMetric.evaluate(name, value, thresholds.limit(for: name), skipped: skipped)
    }

    private func failure(_ metric: DriftMetric) -> DriftReport.Failure? {
        guard let value = metric.value else { return nil }
        let level: DriftReport.Verdict
        let threshold: Double?
        switch metric.status {
        case .block: (level, threshold) = (.block, metric.limit.block)
        case .warn: (level, threshold) = (.warn, metric.limit.warn)
        case .pass, .skipped: return nil
        }
        guard let threshold else { return nil }
        let name = metric.name.rawValue
        let summary =
            switch metric.name.comparison {
            case .above: "\(name) = \(Self.format(value)) > \(Self.format(threshold))"
            case .below: "\(name) = \(Self.format(value)) < \(Self.format(threshold))"
            case .magnitudeAbove: "\(name) = \(Self.format(value)), magnitude > \(Self.format(threshold))"
            }
        return DriftReport.Failure(
            metric: metric.name, level: level, value: value, threshold: threshold, comparison: metric.name.comparison,
            summary: summary)
    }

    /// Up to four decimals, trailing zeros dropped: `0.12`, `0.3333`, `0`.
    static func format(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
