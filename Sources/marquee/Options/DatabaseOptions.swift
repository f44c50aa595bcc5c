import ArgumentParser
import Foundation
import Store

/// `--database-url`, falling back to `$DATABASE_URL`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "postgres://user[:password]@host[:port]/database (default: $DATABASE_URL)")
    var url: String?

    /// Whether a URL is given by the flag or the environment.
    var isGiven: Bool {
        !(url ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty
    }

    /// The store configuration, or a validation error saying how to give the URL.
    func configuration() throws -> StoreConfiguration {
        guard let url = url ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError("no database: pass --database-url postgres://user@host:port/db or set DATABASE_URL")
        }
        do {
            return try StoreConfiguration(url: url)
        } catch let error as StoreError {
            throw ValidationError(error.message)
        }
    }
}
