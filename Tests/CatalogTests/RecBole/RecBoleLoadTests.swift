import Catalog
import Foundation
import Logging
import MarqueeTesting
import PostgresNIO
import Store
import Testing

/// The real MovieLens-100K item and user files (RecBole format) into `movies` and `users`.
@Suite struct RecBoleLoadTests {
    @Test(.timeLimit(.minutes(2)))
    func movieLensLoadsEveryItemAndUserWithIdsTheLogConverterUses() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let summary = try await CatalogLoader(store: store, logger: Logger(label: "test")).loadRecBole(
                directory: MovieLens.directory.path)
            #expect(summary.read == 1682 + 943)
            #expect(summary.moviesInserted == 1682 && summary.usersInserted == 943 && summary.rejected == 0)
            #expect(try await CatalogTestSupport.count(store, "movies") == 1682)
            #expect(try await CatalogTestSupport.count(store, "users") == 943)

            let movies = try await CatalogTestSupport.movies(store)
            #expect(
                movies["toy+story+1995+ml1"]
                    == MovieRecord(
                        movieID: "toy+story+1995+ml1", title: "Toy Story", year: 1995,
                        genres: ["Animation", "Children's", "Comedy"]))
            #expect(
                movies["usual+suspects+the+1995+ml12"]
                    == MovieRecord(
                        movieID: "usual+suspects+the+1995+ml12", title: "Usual Suspects, The", year: 1995,
                        genres: ["Crime", "Thriller"]))
            #expect(movies["unkonwn+unkonwn+ml267"] == MovieRecord(movieID: "unkonwn+unkonwn+ml267", title: "unkonwn"))
            #expect(movies["good+morning+1971+ml1373"]?.genres == [])
            // Item 1412's year field is "V"; its title ends in "(1995)".
            #expect(movies["land+before+time+iii+the+time+of+the+great+giving+1995+v+ml1412"]?.year == 1995)
            #expect(movies["mis+rables+les+1995+ml543"]?.title == "Misérables, Les")
            #expect(movies.values.contains { $0.genres.contains("Film-Noir") })
            #expect(movies.values.filter { $0.genres.contains("Sci-Fi") }.count == 101)

            // Every movie of the converted log stream joins a catalog row.
            let streamed = Set(try MovieLens.sessions().map(\.movieID))
            #expect(streamed.count == 1682)
            #expect(streamed.isSubset(of: Set(movies.keys)))

            let users = try await CatalogTestSupport.users(store)
            #expect(users[1] == UserRecord(userID: 1, age: 24, occupation: "technician", gender: "M"))
            #expect(users[2] == UserRecord(userID: 2, age: 53, occupation: "other", gender: "F"))
            #expect(users.values.filter { $0.gender == "F" }.count == 273)

            let sources = try await store.client.query(
                "SELECT DISTINCT source FROM movies UNION ALL SELECT DISTINCT source FROM users")
            var all: [String] = []
            for try await source in sources.decode(String.self) { all.append(source) }
            #expect(
                all == [
                    "recbole:" + MovieLens.directory.appendingPathComponent("ml-100k.item").standardizedFileURL.path,
                    "recbole:" + MovieLens.directory.appendingPathComponent("ml-100k.user").standardizedFileURL.path,
                ])

            // A second load updates in place.
            let again = try await CatalogLoader(store: store, logger: Logger(label: "test")).loadRecBole(
                directory: MovieLens.directory.path)
            #expect(again.moviesInserted == 0 && again.moviesUpdated == 1682 && again.usersUpdated == 943)
        }
    }

    @Test func columnsAreFoundByNameAndBadRowsRejected() throws {
        let directory = try CatalogTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let item = directory.appendingPathComponent("tiny.item")
        try Data(
            """
            class:token_seq\trelease_year:token\titem_id:token\tmovie_title:token_seq
            Sci-Fi Film-Noir\t1982\t7\tBlade Runner
            Drama\t\t\t
            Comedy Comedy unknown\tsoon\t9\tPlay Time
            Drama\t1999\tA7\tHeat

            """.utf8
        ).write(to: item)
        let entries = try RecBoleReader.movies(atPath: item.path)
        #expect(entries.count == 4)
        #expect(
            entries[0]
                == .movie(
                    MovieRecord(
                        movieID: "blade+runner+1982+ml7", title: "Blade Runner", year: 1982,
                        genres: ["Sci-Fi", "Film-Noir"])))
        guard case .reject(let reject) = entries[1] else {
            Issue.record("row without an id was accepted")
            return
        }
        #expect(reject.key == "line:3" && reject.error.code == .malformedRow && reject.raw == Array("Drama\t\t\t".utf8))
        #expect(
            entries[2] == .movie(MovieRecord(movieID: "play+time+soon+ml9", title: "Play Time", genres: ["Comedy"])))
        guard case .reject(let odd) = entries[3] else {
            Issue.record("an id that is no slug was accepted")
            return
        }
        #expect(odd.key == "A7" && odd.error.reason == "invalid id: heat+1999+mlA7 is not a movie-log id")
        #expect(throws: CatalogError.self) { try RecBoleReader.users(atPath: item.path) }
    }
}
