import Dispatch
import Recommenders
import Synchronization

/// Scores a fitted model against a ``LeaveLastOutSplit``: every evaluated user's items are
/// ranked over the whole catalog minus the user's training items.
public struct OfflineEvaluator: Sendable {
    /// The cut-offs K. Default 10 and 20.
    public var cutoffs: [Int]
    /// Users ranked at once. Default 2.
    public var threads: Int

    public init(cutoffs: [Int] = [10, 20], threads: Int = 2) {
        self.cutoffs = cutoffs
        self.threads = threads
    }

    /// Evaluates `model`, which must have been fitted on `split.training`.
    public func evaluate(_ model: some Recommender, on split: LeaveLastOutSplit, name: String) -> OfflineReport {
        let index = model.index
        let users = split.heldOut.keys.sorted()
        let depth = cutoffs.max() ?? 0
        let total = Mutex(MetricsAccumulator(cutoffs: cutoffs))
        let unknown = split.heldOut.values.filter { index.movieIndex[$0] == nil }.count
        let threads = max(1, threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var local = MetricsAccumulator(cutoffs: cutoffs)
            var scratch: [Float] = []
            for position in stride(from: thread, to: users.count, by: threads) {
                let userID = users[position]
                let heldOut = split.heldOut[userID].flatMap { index.movieIndex[$0] }.map { Int32($0) }
                let ranked: [Int32]
                if let user = index.userIndex[userID] {
                    ranked = model.recommend(user: user, count: depth, scratch: &scratch)
                } else {
                    ranked = Array(model.coldStart.prefix(depth))
                }
                local.add(ranked: ranked, heldOut: heldOut)
            }
            total.withLock { $0.merge(local) }
        }
        let accumulated = total.withLock { $0 }
        return OfflineReport(
            model: name, evaluatedUsers: accumulated.users, skippedUsers: split.skippedUsers,
            unknownHeldOutItems: unknown, catalogItems: index.items,
            cutoffs: accumulated.metrics(catalogItems: index.items))
    }
}
