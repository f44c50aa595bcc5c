/// A genre profile for someone ``PopGenreModel`` has never seen, from that user's interactions:
/// the lift the model would have given them had they been in its training data (the share of
/// their movies carrying each genre, over the mean training user's share), so a new user is
/// boosted exactly as a trained user with the same movies is.
///
/// The mean shares are not stored in the model's artifact; they are recomputed from its index
/// in the order training used, so a trained user's movies give back that user's stored lift
/// bit for bit.
public struct PopGenreFoldIn: Sendable {
    public let model: PopGenreModel
    /// Per genre, the sum over training users of their share of movies carrying it.
    private let shareSums: [Float]

    /// Nil when the model's genres cannot move a score (no boost, or no movie with a genre):
    /// a new user's list would then be the popularity list, which is not a fold-in.
    public init?(_ model: PopGenreModel) {
        let genreCount = model.genres.count
        guard model.configuration.genreBoost != 0, !model.itemGenres.isEmpty else { return nil }
        self.model = model
        var sums = [Float](repeating: 0, count: genreCount)
        var share = [Float](repeating: 0, count: genreCount)
        for user in 0..<model.index.users {
            let seen = model.index.seen(byUser: user)
            guard !seen.isEmpty else { continue }
            Self.share(of: seen, in: model, into: &share)
            for genre in 0..<genreCount { sums[genre] += share[genre] }
        }
        shareSums = sums
    }

    /// Writes the share of `items` carrying each genre into `share` (all zeros for no items).
    private static func share(of items: some Collection<Int32>, in model: PopGenreModel, into share: inout [Float]) {
        for genre in share.indices { share[genre] = 0 }
        for item in items {
            for position in model.itemGenreStarts[Int(item)]..<model.itemGenreStarts[Int(item) + 1] {
                share[Int(model.itemGenres[position])] += 1
            }
        }
        for genre in share.indices { share[genre] /= Float(items.count) }
    }
}

extension PopGenreFoldIn: FoldIn {
    /// The user's lift per genre, from the distinct movies of `interactions` the model knows
    /// (every interaction counts, as every seen movie does in training). Nil when it knows none.
    public func userVector(_ interactions: [Interaction]) -> [Float]? {
        let items = Set(interactions.compactMap { model.index.movieIndex[$0.movieID].map(Int32.init) })
        guard !items.isEmpty else { return nil }
        var lift = [Float](repeating: 0, count: model.genres.count)
        Self.share(of: items.sorted(), in: model, into: &lift)
        let users = Float(model.index.users)
        for genre in lift.indices where shareSums[genre] > 0 { lift[genre] *= users / shareSums[genre] }
        return lift
    }

    public func scores(forVector vector: [Float], into scores: inout [Float]) {
        if scores.count != model.index.items { scores = [Float](repeating: 0, count: model.index.items) }
        vector.withUnsafeBufferPointer { model.scores(lift: $0, into: &scores) }
    }
}
