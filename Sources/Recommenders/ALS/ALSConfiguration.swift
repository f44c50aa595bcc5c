/// The knobs of implicit-feedback ALS (Hu, Koren & Volinsky 2008), with the defaults of the
/// `implicit` library except where noted.
public struct ALSConfiguration: Sendable, Hashable {
    /// How each user's (and item's) row is solved.
    public enum Solver: Sendable, Hashable {
        /// The exact solution of each row's normal equations (Cholesky, LAPACKE `sposv`).
        case cholesky
        /// `steps` conjugate-gradient steps per row, started from the previous factors
        /// (as `implicit` does with `use_cg=True`; its default is 3).
        case conjugateGradient(steps: Int)
    }

    /// Latent factors per user and item. Default 64.
    public var factors: Int = 64
    /// L2 regularization λ added to the diagonal. Default 0.05 (`implicit` uses 0.01; 0.05
    /// is what reaches its accuracy on MovieLens-100K in the accuracy test).
    public var regularization: Float = 0.05
    /// Alternating passes (users, then items). Default 15.
    public var iterations: Int = 15
    /// Default: three conjugate-gradient steps per row.
    public var solver: Solver = .conjugateGradient(steps: 3)
    /// Seed of the initial factors (uniform in [0, 0.01)). Default 42.
    public var seed: UInt64 = 42
    /// Threads solving rows at once. Default 2 (this project's machines have two cores).
    public var threads: Int = 2
    /// Whether each pass reports the loss. It costs about as much as a CG pass (users × factors²
    /// plus a dot product per entry); benchmarks turn it off, as `implicit` does by default.
    /// Default true. Not part of the model's parameters (it changes no factor).
    public var computesLoss = true

    public init() {}
}

extension ALSConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case factors, regularization, iterations, solver, cgSteps = "cg_steps", seed, threads
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        factors = try container.decode(Int.self, forKey: .factors)
        regularization = try container.decode(Float.self, forKey: .regularization)
        iterations = try container.decode(Int.self, forKey: .iterations)
        seed = try container.decode(UInt64.self, forKey: .seed)
        threads = try container.decodeIfPresent(Int.self, forKey: .threads) ?? 2
        switch try container.decode(String.self, forKey: .solver) {
        case "cholesky": solver = .cholesky
        case "cg": solver = .conjugateGradient(steps: try container.decode(Int.self, forKey: .cgSteps))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .solver, in: container, debugDescription: "solver \"\(other)\" is neither cg nor cholesky")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(factors, forKey: .factors)
        try container.encode(regularization, forKey: .regularization)
        try container.encode(iterations, forKey: .iterations)
        try container.encode(seed, forKey: .seed)
        try container.encode(threads, forKey: .threads)
        switch solver {
        case .cholesky: try container.encode("cholesky", forKey: .solver)
        case .conjugateGradient(let steps):
            try container.encode("cg", forKey: .solver)
            try container.encode(steps, forKey: .cgSteps)
        }
    }
}
