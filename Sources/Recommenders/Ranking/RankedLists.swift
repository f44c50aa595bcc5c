import CBLAS

/// Every known user's best `depth` unseen items, computed once per model so that serving a
/// known user is a lookup instead of a full scoring pass. Deeper than the served list, so
/// movies watched since training can be dropped from it and still leave a full answer.
///
/// The lists are exactly what ``Recommender/recommend(user:count:scratch:)`` returns (same
/// scores, same tie rule); ALS computes them a block of users at a time with one `sgemm` per
/// block, which reads the item factors once per block instead of once per user.
public struct RankedLists: Sendable {
    /// Items kept per user.
    public let depth: Int
    /// `users × depth` item indices, best first; -1 pads a user with fewer unseen items.
    private let items: [Int32]

    /// Ranks every user of `recommender`.
    public init(_ recommender: any Recommender, depth: Int) {
        self.depth = depth
        let users = recommender.index.users
        var items = [Int32](repeating: -1, count: users * depth)
        if let als = recommender as? ALSRecommender {
            Self.rankALS(als, depth: depth, into: &items)
        } else {
            var scratch: [Float] = []
            for user in 0..<users {
                let ranked = recommender.recommend(user: user, count: depth, scratch: &scratch)
                for (position, item) in ranked.enumerated() { items[user * depth + position] = item }
            }
        }
        self.items = items
    }

    /// The user's list, best first (shorter than `depth` when the user has seen nearly everything).
    public func list(forUser user: Int) -> ArraySlice<Int32> {
        let row = items[(user * depth)..<((user + 1) * depth)]
        guard let end = row.firstIndex(of: -1) else { return row }
        return row[row.startIndex..<end]
    }

    private static func rankALS(_ als: ALSRecommender, depth: Int, into items: inout [Int32]) {
        let model = als.model
        let (users, count, factors) = (model.users, model.items, model.factors)
        guard users > 0, count > 0 else { return }
        let block = max(1, min(256, (1 << 22) / count))
        var scores = [Float](repeating: 0, count: block * count)
        for start in stride(from: 0, to: users, by: block) {
            let rows = min(block, users - start)
            model.userFactors.withUnsafeBufferPointer { userFactors in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(count), Int32(factors), 1,
                    userFactors.baseAddress! + start * factors, Int32(factors), model.itemFactors, Int32(factors), 0,
                    &scores, Int32(count))
            }
            for row in 0..<rows {
                let user = start + row
                let offset = row * count
                for item in als.index.seen(byUser: user) { scores[offset + Int(item)] = -.infinity }
                var best = TopK(k: depth)
                for item in 0..<count where scores[offset + item] > -.infinity {
                    best.offer(Int32(item), scores[offset + item])
                }
                for (position, item) in best.ranked().enumerated() { items[user * depth + position] = item }
            }
        }
    }
}
