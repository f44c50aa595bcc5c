import Catalog
import Foundation
import PostgresNIO
import Store

/// Reading back what a catalog run stored.
enum CatalogTestSupport {
    static func count(_ store: Store, _ table: String) async throws -> Int {
        let rows = try await store.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
        for try await count in rows.decode(Int.self) { return count }
        return -1
    }

    static func movies(_ store: Store) async throws -> [String: MovieRecord] {
        let rows = try await store.client.query("SELECT movie_id, title, year, genres, runtime FROM movies")
        var movies: [String: MovieRecord] = [:]
        for try await (id, title, year, genres, runtime) in rows.decode(
            (String, String?, Int16?, [String], Int32?).self)
        {
            movies[id] = MovieRecord(movieID: id, title: title, year: year, genres: genres, runtime: runtime)
        }
        return movies
    }

    static func users(_ store: Store) async throws -> [Int64: UserRecord] {
        let rows = try await store.client.query("SELECT user_id, age, occupation, gender FROM users")
        var users: [Int64: UserRecord] = [:]
        for try await (id, age, occupation, gender) in rows.decode((Int64, Int16?, String?, String?).self) {
            users[id] = UserRecord(userID: id, age: age, occupation: occupation, gender: gender)
        }
        return users
    }

    /// `catalog_rejects` as (kind, key) → (raw bytes, reason, source).
    static func rejects(_ store: Store) async throws -> [String: (raw: [UInt8], reason: String, source: String)] {
        let rows = try await store.client.query("SELECT kind, key, raw, reason, source FROM catalog_rejects")
        var rejects: [String: (raw: [UInt8], reason: String, source: String)] = [:]
        for try await (kind, key, raw, reason, source) in rows.decode((String, String, ByteBuffer, String, String).self)
        {
            rejects["\(kind) \(key)"] = (Array(raw.readableBytesView), reason, source)
        }
        return rejects
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "marquee-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
