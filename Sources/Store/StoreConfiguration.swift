import Foundation
import NIOSSL
import PostgresNIO

/// Where Marquee's PostgreSQL lives, read from a `postgres://` URL.
public struct StoreConfiguration: Sendable {
    public var host: String
    /// TCP port. Default 5432.
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `disable` (default), `prefer` or `require`, as in libpq's `sslmode`.
    public var sslMode: String
    /// Connections the pool may open. Default 4.
    public var maximumConnections: Int = 4

    /// Parses `postgres[ql]://user[:password]@host[:port]/database[?sslmode=…]`.
    /// - Throws: ``StoreError`` naming the part of the URL that is wrong.
    public init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme)
        else {
            throw StoreError(
                .configuration,
                "database URL is not postgres://user@host:port/database (set --database-url or DATABASE_URL)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.configuration, "database URL has no host")
        }
        self.host = host
        port = components.port ?? 5432
        username = components.user ?? "postgres"
        password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : path
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw StoreError(.configuration, "sslmode=\(sslMode) is not one of disable, prefer, require")
        }
    }

    /// The URL with the password masked, safe for logs.
    public var redactedURL: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "require": tls = .require(.makeClientConfiguration())
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .disable
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }
}
