import Foundation

extension OnlineReport {
    /// The verdict, in order: no data; one variant; SRM (the split itself is broken, so no
    /// comparison is trusted); a winner by the always-valid test (the best significant
    /// variant against the control); otherwise no difference yet, with an estimate of the
    /// events a fixed-horizon read would need to detect the observed difference (or a 5 %
    /// relative lift when the observed one is smaller) at alpha 0.05 and power 0.8.
    static func verdict(
        overall: ArmTally, names: [String], counts: [ArmTally], comparisons: [Comparison], sampleRatio: SampleRatio, weights: [Double]?
    ) -> Verdict {
        let withEvents = counts.filter { $0.ok > 0 }.count
        if names.isEmpty {
            return Verdict(
                kind: "no_data",
                sentence: overall.ok == 0
                    ? "No status-200 recommendation event yet: nothing to measure."
                    : "No event is attributed to a variant (no served-log answer matched): overall WTR "
                        + "\(percent(overall.watchThrough.rate)) over \(formatCount(overall.ok)) events, nothing to compare.")
        }
        if counts.allSatisfy({ $0.ok == 0 }) {
            return Verdict(
                kind: "no_data",
                sentence: "No status-200 recommendation event of the experiment's variants yet: nothing to compare.")
        }
        if names.count < 2 || withEvents < 2 {
            return Verdict(
                kind: "single_variant",
                sentence: "Only one variant has events (\(names.first ?? "none")): nothing to compare it with yet.")
        }
        if sampleRatio.flagged {
            return Verdict(kind: "srm", sentence: "SRM: don't trust this split (\(sampleRatio.note)).")
        }
        let control = counts[0].watchThrough
        let significant = comparisons.filter(\.significant)
        if let best = significant.max(by: { $0.difference < $1.difference }) {
            let treatmentRate = control.rate + best.difference
            let winnerIsTreatment = best.difference > 0
            let (winner, loser) = winnerIsTreatment ? (best.treatment, best.control) : (best.control, best.treatment)
            let (winnerRate, loserRate) = winnerIsTreatment ? (treatmentRate, control.rate) : (control.rate, treatmentRate)
            let sign = { (x: Double) in (x >= 0 ? "+" : "−") + String(format: "%.1f", abs(x) * 100) }
            let points = winnerIsTreatment ? best.difference : -best.difference
            let (low, high) =
                winnerIsTreatment ? (best.differenceLow, best.differenceHigh) : (-best.differenceHigh, -best.differenceLow)
            return Verdict(
                kind: "winner",
                sentence: "\(winner) beats \(loser): WTR \(percent(winnerRate)) vs \(percent(loserRate)) "
                    + "(\(sign(points)) points, 95 % CI \(sign(low)) to \(sign(high)); "
                    + "always-valid \(pClause(best.pValueAlwaysValid))).",
                winner: winner)
        }
        let needed = comparisons.indices.map { index in
            moreEventsNeeded(control: counts[0], treatment: counts[index + 1], comparison: comparisons[index],
                             weights: weights.map { ($0[0], $0[index + 1]) })
        }.max() ?? 0
        let rates = zip(names, counts).map { "\($0) \(percent($1.watchThrough.rate))" }.joined(separator: ", ")
        return Verdict(
            kind: "no_difference_yet",
            sentence: "No difference detectable yet (WTR \(rates); need about \(formatCount(needed)) more events).",
            moreEventsNeeded: needed)
    }

    /// Fixed-horizon size to detect `δ` (the observed difference, at least a 5 % relative
    /// lift of the control) at `alpha` two-sided with `power`, for the configured split of the
    /// two arms (even without weights): N = (z₁₋α/₂ + z_power)² (p_a q_a / s_a + p_b q_b / s_b) / δ²,
    /// minus the status-200 events the two arms already have.
    static func moreEventsNeeded(
        control: ArmTally, treatment: ArmTally, comparison: Comparison, weights: (Double, Double)?
    ) -> Int {
        let pa = control.watchThrough.rate
        let floor = max(smallestRelativeLift * pa, 0.001)
        let delta = max(abs(comparison.difference), floor)
        let pb = min(max(pa + (comparison.difference >= 0 ? delta : -delta), 0), 1)
        let (wa, wb) = weights.flatMap { $0.0 + $0.1 > 0 ? $0 : nil } ?? (1, 1)
        let sa = wa / (wa + wb)
        let sb = wb / (wa + wb)
        guard sa > 0, sb > 0 else { return 0 }
        let z = Normal.quantile(1 - alpha / 2) + Normal.quantile(power)
        let variance = max(pa * (1 - pa), 1e-6) / sa + max(pb * (1 - pb), 1e-6) / sb
        let total = z * z * variance / (delta * delta)
        return max(0, Int(total.rounded(.up)) - control.ok - treatment.ok)
    }
}

/// `0.1234` → `12.3 %`.
func percent(_ rate: Double) -> String { String(format: "%.1f %%", rate * 100) }

/// A number with `digits` decimals (3 by default), no exponent.
func formatNumber(_ value: Double, digits: Int = 3) -> String {
    guard value.isFinite else { return value > 0 ? "∞" : "−∞" }
    var text = String(format: "%.\(digits)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}

/// A p-value for a person: `< 0.0001` below that, else 2 significant digits.
func formatP(_ p: Double) -> String {
    if p < 0.0001 { return "< 0.0001" }
    return String(format: "%.2g", p)
}

/// `p < 0.0001` or `p = 0.0031`, for sentences.
func pClause(_ p: Double) -> String { p < 0.0001 ? "p < 0.0001" : "p = " + formatP(p) }

/// `12345` → `12,345`.
func formatCount(_ count: Int) -> String {
    let digits = String(count)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}
