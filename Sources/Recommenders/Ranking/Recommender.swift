/// A trained model that scores every item for a known user. ALS and PopGenre are the two.
public protocol Recommender: Sendable {
    /// The users and items the model was trained on, with what each user has seen.
    var index: InteractionIndex { get }

    /// Writes the score of every item (`index.items` values) for the user at `user` into `scores`.
    func scores(forUser user: Int, into scores: inout [Float])

    /// The items ranked for a user the model has never seen (cold start), best first.
    var coldStart: [Int32] { get }
}

extension Recommender {
    /// The `count` best items for the user at `user`, best first, never an item the user has
    /// seen. `scratch` is reused between calls to save an allocation per user.
    public func recommend(user: Int, count: Int, scratch: inout [Float]) -> [Int32] {
        if scratch.count != index.items { scratch = [Float](repeating: 0, count: index.items) }
        scores(forUser: user, into: &scratch)
        for item in index.seen(byUser: user) { scratch[Int(item)] = -.infinity }
        var best = TopK(k: count)
        for item in 0..<scratch.count where scratch[item] > -.infinity { best.offer(Int32(item), scratch[item]) }
        return best.ranked()
    }

    /// The `count` best movie ids for `userID`: personal for a known user, the cold-start
    /// list for an unknown one.
    public func recommend(userID: Int64, count: Int) -> [String] {
        guard let user = index.userIndex[userID] else {
            return coldStart.prefix(count).map { index.movieIDs[Int($0)] }
        }
        var scratch: [Float] = []
        return recommend(user: user, count: count, scratch: &scratch).map { index.movieIDs[Int($0)] }
    }
}
