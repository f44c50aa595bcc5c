/// ALS factors over an ``InteractionIndex``: a user's scores are the item factors times the
/// user's factors; unknown users get the training popularity ranking.
public struct ALSRecommender: Recommender {
    public let index: InteractionIndex
    public let model: ALSModel
    public let coldStart: [Int32]

    /// Wraps trained factors; `model` must have a row per user and per item of `index`.
    public init(index: InteractionIndex, model: ALSModel, coldStart: [Int32]? = nil) {
        precondition(model.users == index.users && model.items == index.items)
        self.index = index
        self.model = model
        self.coldStart =
            coldStart ?? Popularity.ranking(Popularity.scores(index, halfLifeDays: nil), count: 100)
    }

    public func scores(forUser user: Int, into scores: inout [Float]) {
        BLAS.scores(
            items: model.itemFactors, count: model.items, factors: model.factors, user: model.userFactors,
            row: user, into: &scores)
    }
}
