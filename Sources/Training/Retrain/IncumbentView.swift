import Recommenders

/// The promoted model ("incumbent") seen through a candidate's index, answering each user the
/// way the server would answer them today, so ``OfflineEvaluator`` scores incumbent and
/// candidate on exactly the same users, items and exclusions.
///
/// For a user of `index` (the candidate's leave-last-out training part):
/// - known to the incumbent: the incumbent's own scores, without the movies it saw them watch;
/// - new since the incumbent was trained: the incumbent folds the user in from their
///   interactions in `index` (``FoldIn``: an ALS vector or a PopGenre genre lift), as the
///   server does; otherwise
/// - the incumbent's cold-start (popularity) ranking.
///
/// Movies the incumbent never saw cannot be recommended by it (score −∞), and the evaluator
/// removes every movie the user has in `index`, as the server removes movies watched since
/// training. The incumbent is thereby judged on what it would actually have served.
struct IncumbentView: Recommender {
    let index: InteractionIndex
    let coldStart: [Int32]
    private let incumbent: any Recommender
    private let foldIn: (any FoldIn)?
    /// Candidate item → incumbent item, −1 when the incumbent doesn't know the movie.
    private let incumbentItem: [Int32]
    /// Candidate user → incumbent user, −1 when the incumbent doesn't know the user.
    private let incumbentUser: [Int]
    /// Fold-in vectors of the users the incumbent doesn't know (only those asked for).
    private let foldedIn: [Int: [Float]]
    /// Candidate item → cold-start score (higher is better), −∞ off the incumbent's list.
    private let coldScores: [Float]

    /// - Parameters:
    ///   - incumbent: the promoted model, decoded from its artifact.
    ///   - specification: its training parameters (for its fold-in: ALS needs λ and the confidence mapping).
    ///   - index: the candidate's training index (the leave-last-out split's training part).
    ///   - users: the user ids that will be evaluated (fold-in vectors are solved for these only).
    init(
        incumbent: any Recommender, specification: ModelSpecification, index: InteractionIndex,
        users: some Sequence<Int64>
    ) {
        self.index = index
        self.incumbent = incumbent
        let theirs = incumbent.index
        let incumbentItem = index.movieIDs.map { theirs.movieIndex[$0].map(Int32.init) ?? -1 }
        self.incumbentItem = incumbentItem
        let incumbentUser = index.userIDs.map { theirs.userIndex[$0] ?? -1 }
        self.incumbentUser = incumbentUser
        let foldIn = specification.foldIn(for: incumbent)
        self.foldIn = foldIn
        var ourItem = [Int32](repeating: -1, count: theirs.items)
        for (item, their) in incumbentItem.enumerated() where their >= 0 { ourItem[Int(their)] = Int32(item) }
        var coldScores = [Float](repeating: -.infinity, count: index.items)
        var coldStart: [Int32] = []
        for (position, their) in incumbent.coldStart.enumerated() where ourItem[Int(their)] >= 0 {
            let item = ourItem[Int(their)]
            coldScores[Int(item)] = -Float(position)
            coldStart.append(item)
        }
        self.coldScores = coldScores
        self.coldStart = coldStart
        var foldedIn: [Int: [Float]] = [:]
        if let foldIn {
            let newUsers = Set(users.compactMap { index.userIndex[$0] }.filter { incumbentUser[$0] < 0 })
            var interactions: [Int: [Interaction]] = [:]
            for interaction in index.interactions {
                guard let user = index.userIndex[interaction.userID], newUsers.contains(user) else { continue }
                interactions[user, default: []].append(interaction)
            }
            for (user, rows) in interactions {
                if let vector = foldIn.userVector(rows) { foldedIn[user] = vector }
            }
        }
        self.foldedIn = foldedIn
    }

    func scores(forUser user: Int, into scores: inout [Float]) {
        let their = incumbentUser[user]
        var theirScores: [Float] = []
        if their >= 0 {
            theirScores = [Float](repeating: 0, count: incumbent.index.items)
            incumbent.scores(forUser: their, into: &theirScores)
            for item in incumbent.index.seen(byUser: their) { theirScores[Int(item)] = -.infinity }
        } else if let vector = foldedIn[user], let foldIn {
            foldIn.scores(forVector: vector, into: &theirScores)
        } else {
            scores = coldScores
            return
        }
        for item in 0..<scores.count {
            let mapped = incumbentItem[item]
            scores[item] = mapped >= 0 ? theirScores[Int(mapped)] : -.infinity
        }
    }
}
