/// One versioned schema change: statements applied in one transaction, recorded in
/// `schema_migrations`. Migrations live in Swift rather than resource files so the single
/// `marquee` binary carries its schema wherever it is copied (a container image, say).
public struct Migration: Sendable {
    /// Applied in increasing order; never reused.
    public var version: Int
    public var name: String
    /// Statements, each a single SQL command.
    public var statements: [String]

    /// Every migration Marquee knows, oldest first.
    public static let all: [Migration] = [
        .v001Ingest, .v002Gate, .v003Serving, .v004Online, .v005ServedWrites, .v006ServedLines,
        .v007ServedProvenance, .v008ServedBatches, .v009ServedStatistics,
    ]
}
