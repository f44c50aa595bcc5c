import Foundation
import Recommenders

/// The promotion rule of a retrain cycle, on values alone.
///
/// A candidate is promoted when no model of its kind is promoted yet, or when, on at least
/// ``RetrainPolicy/minHoldoutUsers`` users whose held-out interaction is newer than the
/// incumbent's data, candidate ≥ incumbent × (1 + ``RetrainPolicy/margin``) and the candidate
/// scores above 0 (a candidate that hits nothing never replaces anything, even a model that
/// hits nothing either). Otherwise the incumbent is kept, and the reason says which condition
/// failed, with the numbers.
public enum RetrainRule {
    /// The decision and its reason.
    ///
    /// - Parameters:
    ///   - comparison: the metric, both values, the held-out users, the margin and minimum.
    ///   - kind: `als` or `popgenre`, for the reason.
    ///   - incumbentDataTo: the incumbent's `data.time_range.to`, for the reason.
    public static func decide(
        _ comparison: ModelManifest.Retrain.Comparison, kind: String, incumbentDataTo: String? = nil
    ) -> (decision: ModelManifest.Retrain.Decision, reason: String) {
        let metric = comparison.metric
        guard let incumbentVersion = comparison.incumbentVersion else {
            let measured = comparison.candidate.map {
                ": offline \(metric) \(figure($0)) on \(comparison.holdoutUsers) held-out users"
            }
            return (.promoted, "no \(kind) model is promoted yet" + (measured ?? ""))
        }
        guard comparison.holdoutUsers >= comparison.minHoldoutUsers else {
            let since = incumbentDataTo.map { " (trained up to \($0))" } ?? ""
            return (
                .keptIncumbent,
                "only \(comparison.holdoutUsers) users have data newer than \(incumbentVersion)\(since); "
                    + "need \(comparison.minHoldoutUsers)"
            )
        }
        let candidate = comparison.candidate ?? 0
        let incumbent = comparison.incumbent ?? 0
        let change = incumbent > 0 ? String(format: "%+.1f %%", (candidate / incumbent - 1) * 100) : "from 0"
        let margin = percent(comparison.margin)
        let users = "on \(comparison.holdoutUsers) users"
        if candidate >= incumbent * (1 + comparison.margin), candidate > 0 {
            return (
                .promoted,
                "candidate \(metric) \(figure(candidate)) beats \(incumbentVersion) \(figure(incumbent)) by at least "
                    + "\(margin) (\(change)) \(users)"
            )
        }
        return (
            .keptIncumbent,
            "candidate \(metric) \(figure(candidate)) does not beat \(incumbentVersion) \(figure(incumbent)) by "
                + "\(margin) (\(change)) \(users)"
        )
    }

    static func figure(_ value: Double) -> String { String(format: "%.4f", value) }

    /// 0.02 → "2 %", 0.025 → "2.5 %".
    static func percent(_ fraction: Double) -> String { String(format: "%g %%", fraction * 100) }
}
