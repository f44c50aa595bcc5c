/// What an ingest of a generated stream must end up with, computed from the generator's own
/// decisions (not by parsing its output).
///
/// Every count is over the emitted lines: `validLines + dirtyLines + duplicates == lines`,
/// where `duplicates` is `quarantinedByRule["duplicate"]`, and the quarantine holds
/// `dirtyLines + duplicates` lines. Nothing here depends on how lines of different users
/// interleave, so a producer that keys by user id may reorder users freely.
public struct StreamTruth: Sendable, Equatable {
    /// Lines emitted.
    public var lines: Int
    /// Lines that parse and are stored: minute lines (repeats included, they are idempotent),
    /// rating lines, and the first copy of each recommendation line.
    public var validLines: Int
    /// Lines the parser rejects.
    public var dirtyLines: Int
    /// One entry per user×movie pair with a valid minute or rating line.
    public var interactions: [InteractionKey: ExpectedInteraction]
    /// Distinct valid recommendation lines (byte-identical copies count once).
    public var recommendationEvents: Int
    /// Those of ``recommendationEvents`` with status 200.
    public var recommendationsOK: Int
    /// Quarantined lines per rule (``MovieLog/MovieLogError/Code/name``, `duplicate` included);
    /// rules that never fired are absent.
    public var quarantinedByRule: [String: Int]

    /// Creates a truth from its counts and rows.
    public init(
        lines: Int, validLines: Int, dirtyLines: Int, interactions: [InteractionKey: ExpectedInteraction],
        recommendationEvents: Int, recommendationsOK: Int, quarantinedByRule: [String: Int]
    ) {
        self.lines = lines
        self.validLines = validLines
        self.dirtyLines = dirtyLines
        self.interactions = interactions
        self.recommendationEvents = recommendationEvents
        self.recommendationsOK = recommendationsOK
        self.quarantinedByRule = quarantinedByRule
    }
}
