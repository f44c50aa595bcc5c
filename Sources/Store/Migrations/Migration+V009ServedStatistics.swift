extension Migration {
    /// `served_batches` keeps planner statistics on its batch name and time span only, none on
    /// its array columns.
    ///
    /// ANALYZE samples up to 30,000 rows and, for an array column, reads each sampled row's
    /// array back from TOAST and counts its elements. `served_batches` has fewer rows than that
    /// for a long while (one per batch of answers), so each ANALYZE read the whole served log
    /// back: 9.6 s of CPU for 6.4 M answers in 12,354 batches. Autovacuum runs one whenever the
    /// table has grown by 10 % (and 50 rows), so every answer was read back about ten times, by
    /// the Postgres that the server's host shares. No query of the served log uses those
    /// statistics: they select batches by `first_at`, `last_at` or `batch`, which keep theirs.
    /// The same ANALYZE took 0.04 s afterwards. Statistics an earlier ANALYZE gathered on those
    /// columns stay in `pg_statistic`, unused (removing them takes a superuser). The migration
    /// changes the catalog only: no row is rewritten, however long the served log.
    static let v009ServedStatistics = Migration(
        version: 9, name: "served_statistics",
        statements: [
            """
            ALTER TABLE served_batches
                ALTER COLUMN request_ids SET STATISTICS 0, ALTER COLUMN user_ids SET STATISTICS 0,
                ALTER COLUMN ats SET STATISTICS 0, ALTER COLUMN provenance_ids SET STATISTICS 0,
                ALTER COLUMN lines SET STATISTICS 0, ALTER COLUMN latencies_us SET STATISTICS 0,
                ALTER COLUMN bases SET STATISTICS 0, ALTER COLUMN fallbacks SET STATISTICS 0
            """
        ])
}
