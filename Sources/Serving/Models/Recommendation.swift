import Recommenders

/// One `/recommend` answer before it becomes HTTP: the list and everything that made it.
public struct Recommendation: Sendable {
    /// How the list was made.
    public enum Basis: String, Sendable {
        /// The model's own vector for a user it was trained on.
        case model
        /// A profile made from the user's interactions since training (``FoldIn``).
        case foldIn = "fold_in"
        /// The model's popularity list: a user with nothing to go on.
        case coldStart = "cold_start"
    }

    public let experimentID: String
    public let variant: String
    /// The variant's position in the experiment.
    let position: Int
    public let model: ServingModel
    /// The movies, best first, as item indices of ``model``: written as ids straight into the
    /// answer's bytes and the served log's rows.
    public let list: ItemList
    /// Movie ids, best first, joined by commas (no spaces): the answer's body.
    public var line: String { model.movieIDLines.line(list) }
    /// Movie ids, best first.
    public var items: [String] { line.split(separator: ",").map(String.init) }
    public let basis: Basis
    /// Set when the popularity list replaced the variant's answer (`deadline`).
    public let fallback: String?
}

/// Makes a user's list from a ``ServingState``: the variant's model, minus what the user has
/// watched (as of the model's data and as read since), within a time budget.
struct Recommending: Sendable {
    let fresh: FreshInteractions
    /// Past this much time since the request arrived, the variant's answer is replaced by the
    /// popularity list.
    let budget: Duration
    let count: Int

    func recommend(userID: Int64, state: ServingState, arrived: ContinuousClock.Instant) -> Recommendation {
        let position = state.assignment.variantIndex(for: userID)
        let variant = state.experiment.variants[position].name
        let model = state.models[position]
        // Borrowed through the model, not copied: a copy of the index retains each of its tables.
        let known = model.index.userIndex[userID]
        let entry = fresh.lookup(userID)
        func answer(_ list: ItemList, _ basis: Recommendation.Basis, fallback: String? = nil) -> Recommendation {
            Recommendation(
                experimentID: state.experiment.id, variant: variant, position: position, model: model, list: list,
                basis: basis, fallback: fallback)
        }
        func popularity(fallback: String?) -> Recommendation {
            var excluded = Set<Int32>()
            if let known { excluded.formUnion(model.index.seen(byUser: known)) }
            for interaction in entry?.interactions ?? [] {
                if let item = model.index.movieIndex[interaction.movieID] { excluded.insert(Int32(item)) }
            }
            let items = model.recommender.coldStart.lazy.filter { !excluded.contains($0) }.prefix(count)
            return answer(ItemList(items), .coldStart, fallback: fallback)
        }
        if ContinuousClock.now - arrived > budget { return popularity(fallback: "deadline") }

        var watchedSince = Set<Int32>()
        for interaction in entry?.interactions ?? [] {
            if let item = model.index.movieIndex[interaction.movieID] { watchedSince.insert(Int32(item)) }
        }
        if let known {
            // The precomputed list, unless so much was watched since training that it runs short.
            let list = model.ranked.list(forUser: known)
            var picked = ItemList()
            for item in list where !watchedSince.contains(item) {
                picked.append(item)
                if picked.count == count || picked.isFull { break }
            }
            if picked.count == count || list.count < ServingModel.rankedDepth { return answer(picked, .model) }
        }
        var scores: [Float] = []
        let basis: Recommendation.Basis
        if let known {
            scores = [Float](repeating: 0, count: model.index.items)
            model.recommender.scores(forUser: known, into: &scores)
            for item in model.index.seen(byUser: known) { scores[Int(item)] = -.infinity }
            basis = .model
        } else if let entry, let foldIn = model.foldIn, let vector = vector(entry, userID, model, foldIn) {
            foldIn.scores(forVector: vector, into: &scores)
            basis = .foldIn
        } else {
            return popularity(fallback: nil)
        }
        for item in watchedSince { scores[Int(item)] = -.infinity }
        var best = TopK(k: count)
        for item in 0..<scores.count where scores[item] > -.infinity { best.offer(Int32(item), scores[item]) }
        let ranked = ItemList(best.ranked())
        if ContinuousClock.now - arrived > budget { return popularity(fallback: "deadline") }
        return answer(ranked, basis)
    }

    private func vector(
        _ entry: FreshInteractions.Entry, _ userID: Int64, _ model: ServingModel, _ foldIn: any FoldIn
    ) -> [Float]? {
        if let vector = entry.vectors[model.version] { return vector }
        guard let vector = foldIn.userVector(entry.interactions) else { return nil }
        fresh.remember(vector: vector, userID: userID, modelVersion: model.version)
        return vector
    }
}
