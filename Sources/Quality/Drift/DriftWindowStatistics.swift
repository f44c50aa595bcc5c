/// One window's own figures, reported in both modes (in snapshot mode they are the report).
public struct DriftWindowStatistics: Hashable, Sendable, Codable {
    public var window: DriftWindow
    /// Interactions in the window (sum over movies).
    public var interactions: Int
    /// Users with at least one interaction.
    public var users: Int
    /// Movies with at least one interaction.
    public var movies: Int
    /// Ratings with 1, 2, 3, 4 and 5 stars.
    public var ratingCounts: [Int]
    /// `ratingCounts` as fractions of all ratings; `nil` without ratings.
    public var ratingShares: [Double]?
    /// Share of interactions on the 10 most-interacted movies; `nil` without interactions.
    public var top10Share: Double?
    /// Share of interactions on the 100 most-interacted movies.
    public var top100Share: Double?
    /// Gini coefficient of per-movie interactions (over the movies listed in the summary).
    public var gini: Double?
    /// Median interactions per active user.
    public var medianUserActivity: Double?
    /// Users per log2 activity bucket (see ``DriftStatistics/activityHistogram(_:)``).
    public var userActivityHistogram: [Int]
    /// The 10 most-interacted movies, ties by id.
    public var top10: [String]

    /// Computes a window's figures from its summary.
    public init(_ summary: DriftWindowSummary) {
        let counts = summary.ratingCounts
        window = summary.window
        interactions = summary.interactions
        users = summary.userInteractions.values.filter { $0 > 0 }.count
        movies = summary.movieInteractions.values.filter { $0 > 0 }.count
        ratingCounts = counts.counts
        ratingShares = counts.total > 0 ? counts.counts.map { Double($0) / Double(counts.total) } : nil
        top10Share = DriftStatistics.topShare(summary.movieInteractions, k: 10)
        top100Share = DriftStatistics.topShare(summary.movieInteractions, k: 100)
        gini = DriftStatistics.gini(summary.movieInteractions.values)
        medianUserActivity = DriftStatistics.medianActivity(summary.userInteractions)
        userActivityHistogram = DriftStatistics.activityHistogram(summary.userInteractions)
        top10 = DriftStatistics.topMovies(summary.movieInteractions, k: 10)
    }

    enum CodingKeys: String, CodingKey {
        case window, interactions, users, movies, ratingCounts = "rating_counts", ratingShares = "rating_shares"
        case top10Share = "top10_share", top100Share = "top100_share", gini
        case medianUserActivity = "median_user_activity", userActivityHistogram = "user_activity_histogram", top10
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(window, forKey: .window)
        try container.encode(interactions, forKey: .interactions)
        try container.encode(users, forKey: .users)
        try container.encode(movies, forKey: .movies)
        try container.encode(ratingCounts, forKey: .ratingCounts)
        try container.encode(ratingShares, forKey: .ratingShares)
        try container.encode(top10Share, forKey: .top10Share)
        try container.encode(top100Share, forKey: .top100Share)
        try container.encode(gini, forKey: .gini)
        try container.encode(medianUserActivity, forKey: .medianUserActivity)
        try container.encode(userActivityHistogram, forKey: .userActivityHistogram)
        try container.encode(top10, forKey: .top10)
    }
}
