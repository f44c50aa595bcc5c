/// Trained factors: row-major `[Float]`, `factors` values per user and per item.
public struct ALSModel: Sendable, Equatable {
    public let factors: Int
    public let userFactors: [Float]
    public let itemFactors: [Float]

    /// A model from row-major factors (`factors` values per user and per item).
    public init(factors: Int, userFactors: [Float], itemFactors: [Float]) {
        precondition(factors > 0 && userFactors.count % factors == 0 && itemFactors.count % factors == 0)
        self.factors = factors
        self.userFactors = userFactors
        self.itemFactors = itemFactors
    }

    public var users: Int { userFactors.count / factors }
    public var items: Int { itemFactors.count / factors }

    /// The predicted preference of `user` for `item` (the dot product of their factors).
    public func score(user: Int, item: Int) -> Float {
        var sum: Float = 0
        for k in 0..<factors { sum += userFactors[user * factors + k] * itemFactors[item * factors + k] }
        return sum
    }

    /// The `count` best items for `user` by score, best first, skipping `excluded`.
    public func recommend(user: Int, count: Int, excluding excluded: Set<Int> = []) -> [Int] {
        let scored = (0..<items).filter { !excluded.contains($0) }.map { ($0, score(user: user, item: $0)) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(count).map(\.0)
    }
}
