import Quality

/// Small hand-made drift windows.
enum Windows {
    /// A window with the given per-movie counts, ratings (for 1...5 stars) and per-user counts
    /// (one user with one interaction unless given, so user activity is the same everywhere).
    static func summary(
        _ label: String, movies: [String: Int], ratings: [Int] = [0, 0, 0, 0, 0], users: [Int64: Int] = [1: 1]
    ) throws -> DriftWindowSummary {
        try DriftWindowSummary(
            window: DriftWindow(label: label), ratingCounts: RatingCounts(ratings), movieInteractions: movies,
            userInteractions: users)
    }

    /// `count` movies named `prefix000`, `prefix001`, … with `each` interactions apiece.
    static func movies(_ prefix: String, _ count: Int, each: Int) -> [String: Int] {
        var movies: [String: Int] = [:]
        for index in 0..<count { movies[prefix + String(1000 + index).dropFirst()] = each }
        return movies
    }

    /// Thresholds with every limit disabled except those `configure` sets, so one metric is
    /// tested at a time.
    static func only(_ configure: (inout DriftThresholds) -> Void) -> DriftThresholds {
        var thresholds = DriftThresholds()
        let off = DriftThresholds.Limit(warn: nil, block: nil)
        thresholds.ratingPSI = off
        thresholds.userActivityPSI = off
        thresholds.top100Overlap = off
        thresholds.top10ShareDelta = off
        thresholds.top100ShareDelta = off
        thresholds.giniDelta = off
        configure(&thresholds)
        return thresholds
    }
}
