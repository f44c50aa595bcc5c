import Foundation

/// Item popularity: each interaction counts `0.5^(age / halfLife)`, its age measured back
/// from the newest interaction in the data (not the wall clock, so the same data always gives
/// the same scores); with no half-life every interaction counts 1.
public enum Popularity {
    /// Microseconds in a day.
    static let day: Double = 86_400_000_000

    /// The popularity of every item of `index`.
    public static func scores(_ index: InteractionIndex, halfLifeDays: Double?) -> [Float] {
        var scores = [Double](repeating: 0, count: index.items)
        let newest = index.timeRange?.upperBound ?? 0
        for (position, interaction) in index.interactions.enumerated() {
            var weight = 1.0
            if let halfLifeDays, halfLifeDays > 0 {
                weight = pow(0.5, Double(newest - interaction.at) / (halfLifeDays * day))
            }
            scores[Int(index.seenItems[position])] += weight
        }
        return scores.map { Float($0) }
    }

    /// The `count` most popular items, best first (equal scores: lower index first).
    public static func ranking(_ scores: [Float], count: Int) -> [Int32] {
        var best = TopK(k: count)
        for (item, score) in scores.enumerated() { best.offer(Int32(item), score) }
        return best.ranked()
    }
}
