/// What the drift monitor needs to know about one window of interactions: rating counts,
/// interactions per movie and per user, and which window it is.
///
/// An *interaction* is whatever unit the caller counts (Marquee counts interaction rows, one
/// per user × movie active in the window); both windows of a comparison must count alike.
/// The window's interaction total is the sum of ``movieInteractions``.
public struct DriftWindowSummary: Hashable, Sendable {
    /// Which window this is (time range, offsets), copied into the report.
    public var window: DriftWindow
    /// Ratings by stars.
    public var ratingCounts: RatingCounts
    /// Movie id → interactions in the window. Movies with 0 may be listed: they count in the
    /// Gini coefficient (pass the whole catalog with zeros to measure inequality over it).
    public var movieInteractions: [String: Int]
    /// User id → interactions in the window; users with 0 are ignored.
    public var userInteractions: [Int64: Int]

    /// Creates a summary.
    ///
    /// - Throws: ``QualityError`` (`driftInput`) when a count is negative.
    public init(
        window: DriftWindow, ratingCounts: RatingCounts, movieInteractions: [String: Int],
        userInteractions: [Int64: Int]
    ) throws {
        if let (movie, count) = movieInteractions.first(where: { $0.value < 0 }) {
            throw QualityError(
                .driftInput, "movie \(movie) has \(count) interactions in \(window.label); counts are ≥ 0")
        }
        if let (user, count) = userInteractions.first(where: { $0.value < 0 }) {
            throw QualityError(.driftInput, "user \(user) has \(count) interactions in \(window.label); counts are ≥ 0")
        }
        self.window = window
        self.ratingCounts = ratingCounts
        self.movieInteractions = movieInteractions
        self.userInteractions = userInteractions
    }

    /// All interactions in the window (the sum over movies).
    public var interactions: Int { movieInteractions.values.reduce(0, +) }
}
