import Dispatch
import Synchronization

/// Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008) on OpenBLAS.
///
/// Minimises Σ_u Σ_i c_ui (p_ui − x_u·y_i)² + λ (Σ|x_u|² + Σ|y_i|²) over all user×item pairs,
/// where p_ui = 1 and c_ui is the matrix's confidence for a stored entry, and p_ui = 0, c_ui = 1
/// otherwise. Each pass solves every user's row given the items, then every item's row given
/// the users, with ``ALSConfiguration/threads`` rows at once (OpenBLAS itself runs on one
/// thread), so the same seed gives the same factors.
public struct ALSTrainer: Sendable {
    /// One finished pass.
    public struct Progress: Sendable {
        /// 1-based pass number.
        public var iteration: Int
        /// ``ALSTrainer/loss(of:on:regularization:)`` after the pass (nil when
        /// ``ALSConfiguration/computesLoss`` is off).
        public var loss: Double?
        /// Wall time of the pass.
        public var duration: Duration
    }

    public var configuration: ALSConfiguration
    /// The cap on each thread's block of gathered factor rows, in floats (tests lower it to
    /// make rows longer than a block).
    var maximumBlockFloats = RowScratch.maximumBlockFloats

    public init(configuration: ALSConfiguration = .init()) { self.configuration = configuration }

    /// Trains factors for `matrix` (users × items), calling `progress` after every pass.
    /// - Parameter initial: factors to start from (a warm start); by default seeded uniform
    ///   values in [0, 0.01). Its shape must match the matrix and ``ALSConfiguration/factors``.
    public func train(
        _ matrix: InteractionMatrix, initial: ALSModel? = nil, progress: (Progress) -> Void = { _ in }
    ) -> ALSModel {
        let factors = configuration.factors
        // Marquee runs rows in parallel itself; OpenBLAS stays on one thread so that its calls
        // from several threads are safe and sums come out the same whatever the machine does.
        BLAS.setThreads(1)
        var random = SplitMix(seed: configuration.seed)
        var users = initial?.userFactors ?? (0..<(matrix.rows * factors)).map { _ in random.unit() * 0.01 }
        var items = initial?.itemFactors ?? (0..<(matrix.columns * factors)).map { _ in random.unit() * 0.01 }
        precondition(users.count == matrix.rows * factors && items.count == matrix.columns * factors)
        let byItem = matrix.transposed()
        let clock = ContinuousClock()
        for iteration in 1...max(1, configuration.iterations) {
            let start = clock.now
            solveRows(of: matrix, fixed: items, into: &users)
            solveRows(of: byItem, fixed: users, into: &items)
            let model = ALSModel(factors: factors, userFactors: users, itemFactors: items)
            progress(
                Progress(
                    iteration: iteration,
                    loss: configuration.computesLoss
                        ? Self.loss(of: model, on: matrix, regularization: configuration.regularization) : nil,
                    duration: start.duration(to: clock.now)))
        }
        return ALSModel(factors: factors, userFactors: users, itemFactors: items)
    }

    /// Solves every row of `matrix`'s side given the `fixed` factors of the other side. Threads
    /// take blocks of rows from a shared counter (row lengths are skewed, so fixed shares
    /// would leave a thread idle); a row's result does not depend on which thread solves it.
    private func solveRows(of matrix: InteractionMatrix, fixed: [Float], into solved: inout [Float]) {
        let factors = configuration.factors
        var gram = BLAS.gram(fixed, rows: matrix.columns, factors: factors)
        for k in 0..<factors { gram[k * factors + k] += configuration.regularization }
        let threads = max(1, configuration.threads)
        let solver = configuration.solver
        let rows = matrix.rows
        let longestRow = (0..<rows).reduce(0) { max($0, matrix.rowStarts[$1 + 1] - matrix.rowStarts[$1]) }
        let nextBlock = Atomic<Int>(0)
        RowWork.with(matrix, gram: gram, fixed: fixed, solved: &solved, factors: factors) { work in
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                var scratch = RowScratch(
                    factors: factors, longestRow: longestRow, maximumBlockFloats: maximumBlockFloats)
                while true {
                    let first = nextBlock.wrappingAdd(Self.rowsPerBlock, ordering: .relaxed).oldValue
                    guard first < rows else { break }
                    for row in first..<min(rows, first + Self.rowsPerBlock) {
                        switch solver {
                        case .cholesky: work.solveExactly(row, &scratch)
                        case .conjugateGradient(let steps): work.solveByConjugateGradient(row, steps: steps, &scratch)
                        }
                    }
                }
            }
        }
    }

    /// Rows a thread takes at a time: enough to make the shared counter cheap, few enough to
    /// even out the end of a pass.
    private static let rowsPerBlock = 64

    /// The objective above, divided by the total weight Σ c_ui over all pairs, so models of
    /// different sizes compare.
    public static func loss(of model: ALSModel, on matrix: InteractionMatrix, regularization: Float) -> Double {
        let factors = model.factors
        let gram = BLAS.gram(model.itemFactors, rows: model.items, factors: factors)
        var total = 0.0
        var weight = Double(matrix.rows) * Double(matrix.columns) - Double(matrix.count)
        for user in 0..<matrix.rows {
            let x = user * factors
            var quadratic = 0.0
            for a in 0..<factors {
                var row = 0.0
                for b in 0..<factors { row += Double(gram[a * factors + b]) * Double(model.userFactors[x + b]) }
                quadratic += Double(model.userFactors[x + a]) * row
            }
            total += quadratic
            for position in matrix.rowStarts[user]..<matrix.rowStarts[user + 1] {
                let confidence = Double(matrix.values[position])
                let score = Double(model.score(user: user, item: Int(matrix.columnIndices[position])))
                total += confidence * (1 - score) * (1 - score) - score * score
                weight += confidence
            }
        }
        let norms =
            model.userFactors.reduce(0.0) { $0 + Double($1 * $1) }
            + model.itemFactors.reduce(0.0) { $0 + Double($1 * $1) }
        return (total + Double(regularization) * norms) / max(weight, 1)
    }
}

/// SplitMix64, for seeded numbers that are the same on every machine (ALS's initial factors,
/// synthetic benchmark models).
public struct SplitMix: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    public mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }

    /// A number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(bound)).high) }
}
