/// A user vector for someone the factors have never seen, from that user's interactions: the
/// ALS closed form for one row with the item factors held fixed,
///
///     x = (YᵀY + Yᵀ(Cᵤ − I)Y + λI)⁻¹ YᵀCᵤ p(u)
///
/// the same normal equations a training pass solves for a known user (Hu, Koren & Volinsky
/// 2008, eq. 4), so a folded-in user is scored exactly as a trained one would be after one
/// more user half-pass. `YᵀY` is computed once per model.
public struct ALSFoldIn: FoldIn {
    /// The factors new users are solved against.
    public let recommender: ALSRecommender
    /// λ and the confidence mapping of the model's training.
    public let regularization: Float
    public let confidence: ConfidenceMapping
    /// `YᵀY`, row-major `factors × factors`.
    private let gram: [Float]

    /// Precomputes `YᵀY` for `recommender`'s item factors.
    public init(recommender: ALSRecommender, regularization: Float, confidence: ConfidenceMapping) {
        self.recommender = recommender
        self.regularization = regularization
        self.confidence = confidence
        let model = recommender.model
        gram = BLAS.gram(model.itemFactors, rows: model.items, factors: model.factors)
    }

    /// The user vector for `interactions` (movie ids the model doesn't know are skipped, and so
    /// is an interaction with confidence ≤ 0, as in training). Nil when none is usable.
    public func userVector(_ interactions: [Interaction]) -> [Float]? {
        let model = recommender.model
        let factors = model.factors
        var usable: [(item: Int, confidence: Float)] = []
        for interaction in interactions {
            guard let item = recommender.index.movieIndex[interaction.movieID] else { continue }
            let weight = confidence.confidence(of: interaction)
            if weight > 0 { usable.append((item, weight)) }
        }
        guard !usable.isEmpty else { return nil }
        var a = gram
        var b = [Float](repeating: 0, count: factors)
        for position in 0..<factors { a[position * factors + position] += regularization }
        let solved = model.itemFactors.withUnsafeBufferPointer { items in
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    for (item, weight) in usable {
                        let y = items.baseAddress! + item * factors
                        BLAS.rankOneUpdate(a.baseAddress!, n: factors, alpha: weight - 1, y)
                        for position in 0..<factors { b[position] += weight * y[position] }
                    }
                    return BLAS.solvePositiveDefinite(a.baseAddress!, n: factors, b.baseAddress!)
                }
            }
        }
        return solved ? b : nil
    }

    /// The score of every item for a user vector from ``userVector(_:)``.
    public func scores(forVector vector: [Float], into scores: inout [Float]) {
        let model = recommender.model
        if scores.count != model.items { scores = [Float](repeating: 0, count: model.items) }
        BLAS.scores(items: model.itemFactors, count: model.items, factors: model.factors, user: vector, row: 0, into: &scores)
    }
}

extension ALSRecommender {
    /// Makes every BLAS call run on its caller's thread and stops OpenBLAS's own thread pool.
    /// Marquee parallelises above BLAS (ALS over rows, a server over requests), so the pool is
    /// never needed, yet its idle threads spin on `sched_yield` from the moment the library
    /// loads: on 2 cores that took about a tenth of the CPU from a busy two-thread command.
    /// Call it once at start, before any BLAS work.
    public static func useOneBLASThread() { BLAS.useOneThread() }
}
