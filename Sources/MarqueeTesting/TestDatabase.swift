import Foundation
import Logging
import PostgresNIO
import Store

/// A fresh, migrated database per test on the PostgreSQL named by `DATABASE_URL`, dropped
/// afterwards. Tests fail (never skip) when no server is reachable.
public enum TestDatabase {
    /// The server every integration test uses.
    public static func serverConfiguration() throws -> StoreConfiguration {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw StoreError(.configuration, "DATABASE_URL is not set: start PostgreSQL (make test does) and export it")
        }
        return try StoreConfiguration(url: url)
    }

    /// Runs `body` with a store on a new database and that database's URL (for child
    /// processes); drops the database afterwards.
    public static func withFreshDatabase<Result: Sendable>(
        _ body: @Sendable (Store, String) async throws -> Result
    ) async throws -> Result {
        let server = try serverConfiguration()
        let name = "marquee_test_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
        let logger = Logger(label: "marquee.test")
        _ = try await Store.withStore(server, logger: logger) { admin in
            try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var configuration = server
        configuration.database = name
        let url =
            "postgres://\(server.username)\(server.password.map { ":" + $0 } ?? "")@\(server.host):\(server.port)/\(name)"
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(
                try await Store.withStore(configuration, logger: logger) { store in
                    try await store.migrate()
                    return try await body(store, url)
                })
        } catch {
            result = .failure(error)
        }
        _ = try await Store.withStore(server, logger: logger) { admin in
            try await admin.client.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
        return try result.get()
    }
}
