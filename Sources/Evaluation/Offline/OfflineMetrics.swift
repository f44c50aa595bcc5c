import Foundation

/// Ranking quality at one cut-off K, averaged over the evaluated users (one held-out item each).
public struct RankingMetrics: Sendable, Hashable, Codable {
    public var k: Int
    /// Share of users whose held-out item is in their top K (with one relevant item, recall = hit rate).
    public var recall: Double
    /// Mean of 1 / log2(1 + rank) over hits (0 for a miss); the ideal DCG is 1.
    public var ndcg: Double
    /// Mean average precision: 1 / rank for a hit, 0 for a miss.
    public var map: Double
    /// Distinct items in all users' top K over the items the model could rank.
    public var coverage: Double
}

/// The result of an offline evaluation.
public struct OfflineReport: Sendable, Hashable, Codable {
    /// What was evaluated ("als", "popgenre", "popularity", or a model version).
    public var model: String
    public var evaluatedUsers: Int
    /// Users with fewer than two interactions.
    public var skippedUsers: Int
    /// Held-out movies the training data never saw (always misses).
    public var unknownHeldOutItems: Int
    public var catalogItems: Int
    public var cutoffs: [RankingMetrics]

    /// Flat `name@k → value` pairs, as stored in a model manifest.
    public var flatMetrics: [String: Double] {
        var flat: [String: Double] = [:]
        for metrics in cutoffs {
            flat["recall@\(metrics.k)"] = metrics.recall
            flat["ndcg@\(metrics.k)"] = metrics.ndcg
            flat["map@\(metrics.k)"] = metrics.map
            flat["coverage@\(metrics.k)"] = metrics.coverage
        }
        return flat
    }

    public func metrics(at k: Int) -> RankingMetrics? { cutoffs.first { $0.k == k } }

    enum CodingKeys: String, CodingKey {
        case model, evaluatedUsers = "evaluated_users", skippedUsers = "skipped_users"
        case unknownHeldOutItems = "unknown_held_out_items", catalogItems = "catalog_items", cutoffs
    }
}

/// Accumulates per-user results into ``RankingMetrics``.
struct MetricsAccumulator {
    let cutoffs: [Int]
    private(set) var users = 0
    private var hits: [Int]
    private var ndcg: [Double]
    private var map: [Double]
    private var recommended: [Set<Int32>]

    init(cutoffs: [Int]) {
        self.cutoffs = cutoffs
        hits = cutoffs.map { _ in 0 }
        ndcg = cutoffs.map { _ in 0 }
        map = cutoffs.map { _ in 0 }
        recommended = cutoffs.map { _ in [] }
    }

    /// Adds one user: their ranked list (best first) and held-out item (nil when unknown to the model).
    mutating func add(ranked: [Int32], heldOut: Int32?) {
        users += 1
        let rank = heldOut.flatMap { ranked.firstIndex(of: $0) }.map { $0 + 1 }
        for (position, k) in cutoffs.enumerated() {
            recommended[position].formUnion(ranked.prefix(k))
            guard let rank, rank <= k else { continue }
            hits[position] += 1
            ndcg[position] += 1 / log2(Double(rank) + 1)
            map[position] += 1 / Double(rank)
        }
    }

    mutating func merge(_ other: MetricsAccumulator) {
        users += other.users
        for position in cutoffs.indices {
            hits[position] += other.hits[position]
            ndcg[position] += other.ndcg[position]
            map[position] += other.map[position]
            recommended[position].formUnion(other.recommended[position])
        }
    }

    func metrics(catalogItems: Int) -> [RankingMetrics] {
        let n = Double(max(users, 1))
        return cutoffs.indices.map { position in
            RankingMetrics(
                k: cutoffs[position], recall: Double(hits[position]) / n, ndcg: ndcg[position] / n,
                map: map[position] / n,
                coverage: catalogItems > 0 ? Double(recommended[position].count) / Double(catalogItems) : 0)
        }
    }
}
