/// How many ratings of each value (1 to 5 stars) a window holds.
public struct RatingCounts: Hashable, Sendable {
    /// The counts of ratings 1, 2, 3, 4 and 5, in that order.
    public private(set) var counts: [Int] = [0, 0, 0, 0, 0]

    /// No ratings.
    public init() {}

    /// Counts given in order for ratings 1 to 5.
    ///
    /// - Throws: ``QualityError`` (`driftInput`) unless there are exactly five counts, all ≥ 0.
    public init(_ counts: [Int]) throws {
        guard counts.count == 5, counts.allSatisfy({ $0 >= 0 }) else {
            throw QualityError(.driftInput, "rating counts must be five counts ≥ 0 (for 1 to 5 stars), not \(counts)")
        }
        self.counts = counts
    }

    /// Adds `count` ratings of `rating` stars (e.g. from `SELECT rating, count(*) … GROUP BY rating`).
    ///
    /// - Throws: ``QualityError`` (`driftInput`) when `rating` is outside 1...5 or `count` < 0.
    public mutating func add(rating: Int, count: Int = 1) throws {
        guard (1...5).contains(rating), count >= 0 else {
            throw QualityError(.driftInput, "cannot count \(count) ratings of \(rating) stars; ratings are 1 to 5")
        }
        counts[rating - 1] += count
    }

    /// The count of ratings with `rating` stars (0 outside 1...5).
    public subscript(rating: Int) -> Int {
        (1...5).contains(rating) ? counts[rating - 1] : 0
    }

    /// All ratings in the window.
    public var total: Int { counts.reduce(0, +) }
}
