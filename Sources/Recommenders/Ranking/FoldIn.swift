/// Scores for a user a model was not trained on, made from that user's interactions since
/// training: how a server answers a new user personally without retraining (``ALSFoldIn``,
/// ``PopGenreFoldIn``).
public protocol FoldIn: Sendable {
    /// The user's profile from `interactions` (movies the model doesn't know are skipped); nil
    /// when none is usable. A profile stays valid for as long as its model is served.
    func userVector(_ interactions: [Interaction]) -> [Float]?

    /// Writes the score of every item of the model (`index.items` values) for a profile from
    /// ``userVector(_:)`` into `scores`.
    func scores(forVector vector: [Float], into scores: inout [Float])
}

extension ModelSpecification {
    /// The fold-in for `recommender`, a model trained with this specification; nil when its kind
    /// has none that differs from its popularity list (PopGenre without genres or boost).
    public func foldIn(for recommender: any Recommender) -> (any FoldIn)? {
        switch self {
        case .als(let configuration, let confidence):
            guard let als = recommender as? ALSRecommender else { return nil }
            return ALSFoldIn(recommender: als, regularization: configuration.regularization, confidence: confidence)
        case .popGenre:
            guard let model = recommender as? PopGenreModel else { return nil }
            return PopGenreFoldIn(model)
        }
    }
}
