/// What the generator meant one emitted line to be, for tests and for explaining a stream.
public enum LineIntent: Hashable, Sendable {
    /// A minute line in time order within its user's lines.
    case watch
    /// A byte-identical copy of the minute line just before it (idempotent, stored once).
    case repeatedWatch
    /// A minute line that arrives after a later minute of the same session, with a time
    /// earlier than its user's previous line.
    case lateWatch
    /// A rating line in time order within its user's lines.
    case rating
    /// A re-rating stamped before the pair's current rating, arriving after it (it loses).
    case olderRating
    /// A re-rating stamped within the same microsecond as the pair's current rating (it wins,
    /// being later in the stream, even when its nanoseconds are smaller).
    case sameMicrosecondRating
    /// A recommendation line, unique in the stream.
    case recommendation
    /// A byte-identical copy of an earlier recommendation line of the same user.
    case duplicateRecommendation
    /// A line the parser rejects.
    case dirty(DirtyCase)

    /// Whether the line is meant to be in time order among its user's lines (lines that are
    /// not are late copies, deliberate out-of-order lines, or dirty).
    public var isInUserTimeOrder: Bool {
        switch self {
        case .watch, .repeatedWatch, .rating, .recommendation: true
        case .lateWatch, .olderRating, .sameMicrosecondRating, .duplicateRecommendation, .dirty: false
        }
    }
}
