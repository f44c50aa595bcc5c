import Foundation

/// How an interaction becomes the confidence `c_ui` of implicit-feedback ALS:
///
///     c = base + perLogMinute · ln(1 + minutes watched) + perRatingPoint · (rating − ratingPivot)
///
/// where the rating term is 0 for an unrated interaction. An interaction whose confidence is
/// not positive (say a 1-star rating of a movie never streamed) carries no positive preference
/// and is left out of the matrix; it still counts as seen, so it is never recommended.
///
/// The default, `c = 2 + 0.5·ln(1 + minutes) + 0.5·(rating − 3)`, gives every interaction the
/// "1 + count" weight of Hu, Koren & Volinsky with count = 1, then adds a gentle, saturating
/// credit for time watched (a full 100-minute movie adds 2.3) and ±1 for a 5 or 1 star rating.
/// ``counting`` is the plain "1 + count" with count = 1 per interaction used on MovieLens.
public struct ConfidenceMapping: Sendable, Hashable, Codable {
    public var base: Float = 2
    public var perLogMinute: Float = 0.5
    public var perRatingPoint: Float = 0.5
    public var ratingPivot: Float = 3

    public init(base: Float = 2, perLogMinute: Float = 0.5, perRatingPoint: Float = 0.5, ratingPivot: Float = 3) {
        self.base = base
        self.perLogMinute = perLogMinute
        self.perRatingPoint = perRatingPoint
        self.ratingPivot = ratingPivot
    }

    /// Confidence 1 + count with count = 1 per interaction: 2 for every interaction.
    public static let counting = ConfidenceMapping(base: 2, perLogMinute: 0, perRatingPoint: 0)

    /// The confidence of `interaction` (may be ≤ 0: then it is left out of the matrix).
    public func confidence(of interaction: Interaction) -> Float {
        var value = base + perLogMinute * Float(log1p(Double(max(0, interaction.minutesWatched))))
        if let rating = interaction.rating { value += perRatingPoint * (Float(rating) - ratingPivot) }
        return value
    }

    enum CodingKeys: String, CodingKey {
        case base, perLogMinute = "per_log_minute", perRatingPoint = "per_rating_point", ratingPivot = "rating_pivot"
    }
}
