import Testing

@testable import Recommenders

@Suite struct ALSTrainerTests {
    /// A seeded sparse matrix: `users` × `items`, each user with a few items, confidence 1 + count.
    static func matrix(users: Int = 60, items: Int = 40, seed: UInt64 = 7) -> InteractionMatrix {
        var random = SplitMix(seed: seed)
        var entries: [(row: Int, column: Int, value: Float)] = []
        for user in 0..<users {
            for _ in 0..<(3 + Int(random.next() % 8)) {
                entries.append((user, Int(random.next() % UInt64(items)), 1 + Float(random.next() % 3)))
            }
        }
        return InteractionMatrix(rows: users, columns: items, entries: entries)
    }

    static func configuration(_ solver: ALSConfiguration.Solver, iterations: Int = 10) -> ALSConfiguration {
        var configuration = ALSConfiguration()
        configuration.factors = 8
        configuration.regularization = 0.1
        configuration.iterations = iterations
        configuration.solver = solver
        return configuration
    }

    static func start(_ matrix: InteractionMatrix, factors: Int = 8) -> ALSModel {
        var random = SplitMix(seed: 3)
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in Float(random.next() % 1000) / 100_000 } }
        return ALSModel(
            factors: factors, userFactors: values(matrix.rows * factors), itemFactors: values(matrix.columns * factors))
    }

    @Test(arguments: [ALSConfiguration.Solver.cholesky, .conjugateGradient(steps: 3)])
    func lossDecreasesEveryIteration(solver: ALSConfiguration.Solver) {
        var losses: [Double] = []
        _ = ALSTrainer(configuration: Self.configuration(solver, iterations: 12)).train(Self.matrix()) {
            losses.append($0.loss ?? .nan)
        }
        #expect(losses.count == 12)
        for (earlier, later) in zip(losses, losses.dropFirst()) { #expect(later <= earlier * (1 + 1e-6), "\(losses)") }
        #expect(losses.last! < losses.first!)
    }

    @Test func oneCholeskyPassEqualsADirectDenseSolution() {
        let matrix = Self.matrix()
        let start = Self.start(matrix)
        let trained = ALSTrainer(configuration: Self.configuration(.cholesky, iterations: 1)).train(
            matrix, initial: start)
        let reference = DenseALS.pass(matrix, from: start, regularization: 0.1)
        for (a, b) in zip(trained.userFactors + trained.itemFactors, reference.userFactors + reference.itemFactors) {
            #expect(abs(a - b) <= 1e-3 * max(1, abs(b)), "\(a) vs \(b)")
        }
    }

    @Test func bothSolversReachTheLossOfTheDenseSolution() {
        let matrix = Self.matrix()
        var reference = Self.start(matrix)
        for _ in 0..<15 { reference = DenseALS.pass(matrix, from: reference, regularization: 0.1) }
        let target = ALSTrainer.loss(of: reference, on: matrix, regularization: 0.1)
        for solver in [ALSConfiguration.Solver.cholesky, .conjugateGradient(steps: 3)] {
            let model = ALSTrainer(configuration: Self.configuration(solver, iterations: 15)).train(
                matrix, initial: Self.start(matrix))
            let loss = ALSTrainer.loss(of: model, on: matrix, regularization: 0.1)
            #expect(abs(loss - target) <= 0.02 * target, "\(solver): \(loss) vs dense \(target)")
        }
    }

    @Test func recommendsFromTheUsersOwnTaste() {
        // Users 0..<20 watch items 0..<10, users 20..<40 items 10..<20; each misses two of its own.
        var entries: [(row: Int, column: Int, value: Float)] = []
        for user in 0..<40 {
            let base = user < 20 ? 0 : 10
            for item in 0..<10 where item != user % 10 && item != (user + 3) % 10 {
                entries.append((user, base + item, 3))
            }
        }
        let matrix = InteractionMatrix(rows: 40, columns: 20, entries: entries)
        let model = ALSTrainer(configuration: Self.configuration(.conjugateGradient(steps: 3), iterations: 15)).train(
            matrix)
        for user in [0, 7, 25, 38] {
            let seen = Set((matrix.rowStarts[user]..<matrix.rowStarts[user + 1]).map { Int(matrix.columnIndices[$0]) })
            let picks = model.recommend(user: user, count: 2, excluding: seen)
            let own = user < 20 ? 0..<10 : 10..<20
            #expect(picks.allSatisfy { own.contains($0) && !seen.contains($0) }, "user \(user): \(picks)")
        }
    }

    @Test func theSameSeedGivesTheSameFactors() {
        let matrix = Self.matrix()
        let trainer = ALSTrainer(configuration: Self.configuration(.conjugateGradient(steps: 3), iterations: 3))
        #expect(trainer.train(matrix) == trainer.train(matrix))
    }

    @Test(arguments: [ALSConfiguration.Solver.cholesky, .conjugateGradient(steps: 3)])
    func rowsLongerThanTheGatherBlockGiveTheSameFactors(solver: ALSConfiguration.Solver) {
        let matrix = Self.matrix()
        let whole = ALSTrainer(configuration: Self.configuration(solver, iterations: 5))
        var blocked = whole
        blocked.maximumBlockFloats = 3 * 8  // three rows of 8 factors: every row takes several blocks
        let (a, b) = (whole.train(matrix), blocked.train(matrix))
        for (x, y) in zip(a.userFactors + a.itemFactors, b.userFactors + b.itemFactors) {
            #expect(abs(x - y) <= 1e-3 * max(1, abs(x)), "\(x) vs \(y)")  // float sums in another order
        }
    }

    @Test func transposingTwiceGivesTheMatrixBack() {
        let matrix = Self.matrix()
        #expect(matrix.transposed().transposed() == matrix)
        #expect(matrix.transposed().count == matrix.count)
    }
}
