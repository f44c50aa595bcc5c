import PostgresNIO

/// Row counts of the ingest tables: what landed, for operators and the demo.
public struct IngestTablesSummary: Sendable, Hashable {
    /// User×movie rows.
    public var interactions = 0
    /// Rows with at least one watched minute.
    public var watched = 0
    /// Distinct minute chunks over all rows.
    public var minutes = 0
    /// Rows with a rating.
    public var ratings = 0
    public var users = 0
    public var movies = 0
    public var recommendationEvents = 0
    /// Events with status 200.
    public var recommendationsOK = 0
    /// Quarantined lines by rule.
    public var quarantinedByRule: [String: Int] = [:]

    public init() {}
}

extension Store {
    /// Counts what the ingest tables hold.
    public func ingestSummary() async throws -> IngestTablesSummary {
        var summary = IngestTablesSummary()
        let interactionRows = try await client.query(
            """
            SELECT count(*), count(*) FILTER (WHERE minutes_watched > 0), coalesce(sum(minutes_watched), 0),
                   count(rating), count(DISTINCT user_id), count(DISTINCT movie_id)
            FROM interactions
            """, logger: logger)
        for try await (rows, watched, minutes, ratings, users, movies) in interactionRows.decode(
            (Int, Int, Int, Int, Int, Int).self)
        {
            summary.interactions = rows
            summary.watched = watched
            summary.minutes = minutes
            summary.ratings = ratings
            summary.users = users
            summary.movies = movies
        }
        let events = try await client.query(
            "SELECT count(*), count(*) FILTER (WHERE status = 200) FROM recommendation_events", logger: logger)
        for try await (all, ok) in events.decode((Int, Int).self) {
            summary.recommendationEvents = all
            summary.recommendationsOK = ok
        }
        let rules = try await client.query("SELECT rule, count(*) FROM quarantine GROUP BY rule", logger: logger)
        for try await (rule, count) in rules.decode((String, Int).self) { summary.quarantinedByRule[rule] = count }
        return summary
    }
}

extension Store {
    /// Empties the ingest tables and positions, the gate's reports and the model registry. For
    /// demos and tests on a private database: everything ingested and trained is lost.
    public func resetTables() async throws {
        try await client.query(
            """
            TRUNCATE interactions, recommendation_events, quarantine, ingest_offsets, validation_reports,
                drift_reports, models, served_batches, served_provenance, wtr_windows, wtr_pending,
                wtr_watermarks
                RESTART IDENTITY
            """, logger: logger)
    }
}
