import MovieLog

extension StreamGenerator {
    /// What stream to generate. Equal configurations give byte-identical streams.
    ///
    /// Shares and rates are fractions in `0...1`; `recommendationShare + ratingShare` must not
    /// exceed 1 (the rest of the clean lines are minute lines).
    public struct Configuration: Sendable, Hashable {
        /// Seed of the generator's own PRNG. Default 42.
        public var seed: UInt64
        /// Number of simulated users, >= 1. Default 1000. Users have ids `1...users`, except
        /// that every 97th user has a 10-digit id instead (from 1 000 000 000 up to
        /// 9 999 999 999, the largest a log line may carry); at most 5 000 000 users.
        public var users: Int
        /// Number of movies in the catalog, >= 1. Default 500.
        public var movies: Int
        /// Number of lines to emit, exactly, >= 0. Default 100 000.
        public var lines: Int
        /// The simulated clock's start, from 1971 up to 2199. Default 2025-10-01T00:00:00.
        ///
        /// The clock advances about 0.5 s per line (less for streams over 10 million lines, so
        /// a stream spans at most about 60 days): from the default start, times stay in 2025.
        public var start: Timestamp
        /// Fraction of lines that are dirty (rejected by the parser). Default 0.02.
        public var dirtyRate: Double
        /// Fraction of recommendation lines that are emitted again, byte for byte, 1 to 50
        /// lines later (quarantined as `duplicate`). Default 0.01.
        public var duplicateRate: Double
        /// Fraction of the clean lines that are recommendation lines. Default 0.10.
        public var recommendationShare: Double
        /// Fraction of the clean lines that are rating lines. Default 0.05.
        public var ratingShare: Double

        /// Creates a configuration; every parameter has the documented default.
        public init(
            seed: UInt64 = 42,
            users: Int = 1000,
            movies: Int = 500,
            lines: Int = 100_000,
            start: Timestamp = Timestamp(year: 2025, month: 10, day: 1, hour: 0, minute: 0)!,
            dirtyRate: Double = 0.02,
            duplicateRate: Double = 0.01,
            recommendationShare: Double = 0.10,
            ratingShare: Double = 0.05
        ) {
            self.seed = seed
            self.users = users
            self.movies = movies
            self.lines = lines
            self.start = start
            self.dirtyRate = dirtyRate
            self.duplicateRate = duplicateRate
            self.recommendationShare = recommendationShare
            self.ratingShare = ratingShare
        }

        /// What is wrong with the configuration, one sentence per problem; empty when it can
        /// be generated.
        public var problems: [String] {
            var problems: [String] = []
            if !(1...5_000_000).contains(users) { problems.append("users must be 1 to 5000000, not \(users)") }
            if movies < 1 { problems.append("movies must be at least 1, not \(movies)") }
            if lines < 0 { problems.append("lines must not be negative, not \(lines)") }
            if start < Timestamp(year: 1971, month: 1, day: 1, hour: 0, minute: 0)!
                || start >= Timestamp(year: 2200, month: 1, day: 1, hour: 0, minute: 0)!
            {
                problems.append("start must lie from 1971 to 2199, not \(start)")
            }
            for (name, value) in [
                ("dirtyRate", dirtyRate), ("duplicateRate", duplicateRate),
                ("recommendationShare", recommendationShare), ("ratingShare", ratingShare),
            ] where !(0...1).contains(value) {
                problems.append("\(name) must be a fraction from 0 to 1, not \(value)")
            }
            if recommendationShare + ratingShare > 1 {
                problems.append("recommendationShare + ratingShare must not exceed 1")
            }
            return problems
        }
    }
}
