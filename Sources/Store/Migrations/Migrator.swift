import Logging
import PostgresNIO

/// Applies ``Migration/all`` that the database has not seen, each in its own transaction,
/// under an advisory lock so processes starting together migrate once.
struct Migrator {
    /// Arbitrary, fixed key of the advisory lock that serialises migrations.
    private static let lockKey: Int64 = 0x4D41_5251_5545_45  // "MARQUEE"

    let client: PostgresClient
    let logger: Logger

    /// Returns the versions applied by this call (empty when the schema was current).
    func migrate(_ migrations: [Migration] = Migration.all) async throws -> [Int] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
                .decode(Int.self)
            {
                applied.insert(version)
            }
            if let newest = applied.max(), newest > (migrations.map(\.version).max() ?? 0) {
                throw StoreError(
                    .migration,
                    "the database schema is at version \(newest), newer than this marquee knows; upgrade marquee")
            }
            var done: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                logger.info(
                    "migration applied", metadata: ["store.migration": "\(migration.version) \(migration.name)"])
                done.append(migration.version)
            }
            return done
        }
    }
}
