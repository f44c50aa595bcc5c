extension Audience {
    /// What world to build. Equal configurations give equal worlds and, for the same end
    /// instant, byte-identical histories.
    public struct Configuration: Sendable, Hashable {
        /// Seed of the world's own PRNG. Default 7.
        public var seed: UInt64
        /// Users with a watch history, ids `1...users`. Default 1500.
        public var users: Int
        /// Users without a history (ids after the others) who show up only in live traffic,
        /// so cold start is exercised. Default 300.
        public var newUsers: Int
        /// Movies in the catalog. Default 600.
        public var movies: Int
        /// Days of history before the live traffic starts. Default 14.
        public var historyDays: Int
        /// Watch sessions per user over the history, on average. Default 20.
        public var sessionsPerUser: Double
        /// Chance that a finished session is rated. Default 0.3.
        public var ratingChance: Double
        /// Fraction of all lines that are dirty (each one rejected by the parser). Default 0.02.
        public var dirtyRate: Double
        /// The chance that a user watches a listed movie that fits their taste perfectly, when
        /// they look at it. The chance falls with the movie's fit (see
        /// ``Audience/watchChance(user:movie:)``). Default 0.3.
        public var propensity: Double

        /// Creates a configuration; every parameter has the documented default.
        public init(
            seed: UInt64 = 7, users: Int = 3000, newUsers: Int = 300, movies: Int = 600, historyDays: Int = 14,
            sessionsPerUser: Double = 20, ratingChance: Double = 0.3, dirtyRate: Double = 0.02,
            propensity: Double = 0.3
        ) {
            self.seed = seed
            self.users = users
            self.newUsers = newUsers
            self.movies = movies
            self.historyDays = historyDays
            self.sessionsPerUser = sessionsPerUser
            self.ratingChance = ratingChance
            self.dirtyRate = dirtyRate
            self.propensity = propensity
        }

        /// What is wrong with the configuration, one sentence per problem; empty when it can
        /// be built.
        public var problems: [String] {
            var problems: [String] = []
            if !(1...1_000_000).contains(users) { problems.append("users must be 1 to 1000000, not \(users)") }
            if !(0...1_000_000).contains(newUsers) { problems.append("new users must be 0 to 1000000, not \(newUsers)") }
            if !(20...100_000).contains(movies) { problems.append("movies must be 20 to 100000, not \(movies)") }
            if !(1...365).contains(historyDays) { problems.append("history days must be 1 to 365, not \(historyDays)") }
            if !(sessionsPerUser > 0 && sessionsPerUser <= 1000) {
                problems.append("sessions per user must be above 0 and at most 1000, not \(sessionsPerUser)")
            }
            for (name, value) in [("rating chance", ratingChance), ("dirty rate", dirtyRate), ("propensity", propensity)]
            where !(0...1).contains(value) {
                problems.append("\(name) must be a fraction from 0 to 1, not \(value)")
            }
            if dirtyRate == 1 { problems.append("dirty rate must be below 1: some lines must be clean") }
            return problems
        }
    }
}
