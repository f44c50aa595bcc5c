import Catalog
import Foundation
import Logging
import MarqueeTesting
import PostgresNIO
import Store
import Testing

/// The live-API path against a real HTTP server (`metadata_server.py`) that misbehaves on cue.
@Suite struct MetadataAPITests {
    typealias Answer = MetadataServer.Answer

    /// Interactions for `movies` × user 1 plus `users` (movie `known+2000`), and recommendation
    /// events for `recommended`.
    static func seed(_ store: Store, movies: [String], users: [Int64], recommended: [Int64] = []) async throws {
        let movieIDs = movies + Array(repeating: "known+2000", count: users.count)
        let userIDs = Array(repeating: Int64(1), count: movies.count) + users
        try await store.client.query(
            """
            INSERT INTO interactions (user_id, movie_id)
            SELECT * FROM unnest(\(userIDs)::int8[], \(movieIDs)::text[]) ON CONFLICT DO NOTHING
            """)
        for user in recommended {
            try await store.client.query(
                """
                INSERT INTO recommendation_events (line_md5, user_id, at, server, status, latency_ms, items, source,
                                                   partition, "offset")
                VALUES (md5(\(String(user)))::uuid, \(user), now(), 'h:1', 200, 5, '{}', 'test', 0, \(user))
                """)
        }
    }

    static func configuration(_ server: MetadataServer, rate: Double = 200) -> MetadataFetcher.Configuration {
        var configuration = MetadataFetcher.Configuration(baseURL: server.url)
        configuration.rate = rate
        configuration.concurrency = 4
        configuration.retry.maxAttempts = 3
        configuration.retry.initialBackoff = .milliseconds(20)
        configuration.requestTimeout = .seconds(5)
        return configuration
    }

    static func movieJSON(_ id: String, title: String) -> String {
        #"{"id":"\#(id)","title":"\#(title)","genres":[{"id":18,"name":"Drama"}],"release_date":"1999-01-01","runtime":"101"}"#
    }

    @Test(.timeLimit(.minutes(2)))
    func onlyMissingIdsAreFetchedWithRetriesAndRejectsKept() async throws {
        let malformed = #"{"id":"broken+2001","title":"Bro"#
        let fixtures: [String: [Answer]] = [
            "/movie/flaky+1999": [
                .status(500), .status(503, body: "upstream"), .json(Self.movieJSON("flaky+1999", title: "Flaky")),
            ],
            "/movie/slow+1999": [
                .status(429, headers: ["Retry-After": "1"]), .json(Self.movieJSON("slow+1999", title: "Slow")),
            ],
            "/movie/broken+2001": [.json(malformed)],
            "/movie/typed+2002": [.json(#"{"id":"typed+2002","runtime":"long"}"#)],
            "/movie/it's+a+wonderful+life+1946": [
                .json(Self.movieJSON("it's+a+wonderful+life+1946", title: "It's a Wonderful Life"))
            ],
            "/movie/forbidden+2003": [.status(403, body: "no")],
            "/user/2": [.json(#"{"user_id":2,"age":"31","occupation":"writer","gender":"F"}"#)],
            "/user/3": [.status(502)],
            "/user/9": [.json(#"{"user_id":9,"age":60,"occupation":"retired","gender":"M"}"#)],
            "/movie/known+2000": [.json(Self.movieJSON("known+2000", title: "Should not be asked"))],
            "/movie/rejected+1990": [.json(Self.movieJSON("rejected+1990", title: "Asked on retry"))],
        ]
        try await MetadataServer.with(fixtures) { server in
            try await TestDatabase.withFreshDatabase { store, _ in
                try await Self.seed(
                    store,
                    movies: [
                        "flaky+1999", "slow+1999", "broken+2001", "typed+2002", "gone+1980", "known+2000",
                        "it's+a+wonderful+life+1946", "forbidden+2003", "rejected+1990",
                    ],
                    users: [1, 2, 3], recommended: [9, 2])
                var known = CatalogRows(source: "jsonl:x")
                known.movies = [.init(movieID: "known+2000", title: "Known", year: 2000, genres: [], runtime: nil)]
                known.users = [.init(userID: 1, age: 20, occupation: "other", gender: "M")]
                _ = try await store.write(known)
                var rejected = CatalogRows(source: CatalogLoader.apiSource)
                rejected.rejects = [.init(kind: "movie", key: "rejected+1990", raw: [], reason: "not found")]
                _ = try await store.write(rejected)

                let loader = CatalogLoader(store: store, logger: Logger(label: "test"))
                let summary = try await loader.fetchMissing(Self.configuration(server))

                let log = try await server.requests()
                let asked = Dictionary(grouping: log, by: \.path)
                #expect(asked["/movie/known+2000"] == nil && asked["/user/1"] == nil)
                #expect(asked["/movie/rejected+1990"] == nil)
                #expect(asked["/movie/flaky+1999"]?.map(\.status) == [500, 503, 200])
                #expect(asked["/movie/slow+1999"]?.map(\.status) == [429, 200])
                if let slow = asked["/movie/slow+1999"], slow.count == 2 {
                    #expect(slow[1].at - slow[0].at >= 0.95, "Retry-After: 1 was not honoured")
                }
                #expect(asked["/movie/gone+1980"]?.map(\.status) == [404])
                #expect(asked["/movie/forbidden+2003"]?.map(\.status) == [403])
                #expect(asked["/user/3"]?.map(\.status) == [502, 502, 502])
                #expect(asked["/user/9"]?.count == 1 && asked["/user/2"]?.count == 1)
                let expectedRequests = 15  // flaky 3, slow 2, user 3 three, and one each for the other seven
                #expect(log.count == expectedRequests)

                #expect(summary.read == 10 && summary.requests == log.count && summary.retries == 5)
                #expect(summary.moviesInserted == 3 && summary.usersInserted == 2 && summary.unavailable == 1)
                #expect(
                    summary.rejectedByCode == ["malformed json": 1, "wrong type": 1, "not found": 1, "http status": 1])

                let movies = try await CatalogTestSupport.movies(store)
                #expect(
                    movies["flaky+1999"]
                        == MovieRecord(
                            movieID: "flaky+1999", title: "Flaky", year: 1999, genres: ["Drama"], runtime: 101))
                #expect(movies["it's+a+wonderful+life+1946"]?.title == "It's a Wonderful Life")
                #expect(movies["known+2000"]?.title == "Known")
                let users = try await CatalogTestSupport.users(store)
                #expect(users[2] == UserRecord(userID: 2, age: 31, occupation: "writer", gender: "F"))
                #expect(users[9]?.occupation == "retired")
                #expect(users[3] == nil)

                let rejects = try await CatalogTestSupport.rejects(store)
                #expect(rejects["movie broken+2001"]?.raw == Array(malformed.utf8))
                #expect(rejects["movie broken+2001"]?.reason == "malformed json")
                #expect(rejects["movie gone+1980"]?.reason == "not found")
                #expect(rejects["movie gone+1980"]?.raw == Array(#"{"message": "movie not found"}"#.utf8))
                #expect(rejects["movie typed+2002"]?.reason.hasPrefix("wrong type: runtime") == true)
                #expect(rejects["movie forbidden+2003"]?.reason == "http status: 403")
                #expect(rejects.values.allSatisfy { $0.source == "api" })

                // A second run asks only about the unavailable user; with --retry-rejects, the rejected too.
                let second = try await loader.fetchMissing(Self.configuration(server))
                #expect(second.read == 1 && second.unavailable == 1)
                let retried = try await loader.fetchMissing(Self.configuration(server), retryRejects: true)
                #expect(retried.read == 6 && retried.moviesInserted == 1)
                #expect(try await CatalogTestSupport.movies(store)["rejected+1990"]?.title == "Asked on retry")
                #expect(try await CatalogTestSupport.rejects(store)["movie rejected+1990"] == nil)
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func requestsKeepToTheRate() async throws {
        let ids = (1...16).map { "paced+\($0)+2000" }
        var fixtures: [String: [Answer]] = [:]
        for id in ids { fixtures["/movie/\(id)"] = [.json(Self.movieJSON(id, title: "Paced"))] }
        try await MetadataServer.with(fixtures) { server in
            try await TestDatabase.withFreshDatabase { store, _ in
                try await Self.seed(store, movies: ids, users: [])
                _ = try await store.write(
                    {
                        var rows = CatalogRows(source: "test")
                        rows.users = [.init(userID: 1, age: nil, occupation: nil, gender: nil)]
                        return rows
                    }())
                let summary = try await CatalogLoader(store: store, logger: Logger(label: "test")).fetchMissing(
                    Self.configuration(server, rate: 10))
                #expect(summary.moviesInserted == 16)
                let times = try await server.requests().map(\.at)
                #expect(times.count == 16)
                // 16 requests at 10/s with a bucket of 1 are granted over 1.5 s (unpaced they take a
                // few milliseconds); half a second is left for early requests arriving late
                // (connection set-up on a busy machine), so only a broken limiter fails this.
                if let first = times.min(), let last = times.max() {
                    #expect(last - first >= 1.0, "16 requests went out within \(last - first) s")
                }
            }
        }
    }
}
