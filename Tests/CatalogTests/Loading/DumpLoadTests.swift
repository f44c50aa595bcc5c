import Catalog
import Foundation
import Logging
import MarqueeTesting
import Store
import Testing

/// A JSON-lines dump of API answers, clean and dirty lines mixed, into the catalog tables.
@Suite struct DumpLoadTests {
    static let lines = [
        #"{"id":"the+godfather+1972","tmdb_id":238,"title":"The Godfather","genres":[{"id":18,"name":"Drama"},{"id":80,"name":"Crime"}],"release_date":"1972-03-14","runtime":175,"popularity":"41.1"}"#,
        #"{"user_id":1,"age":34,"occupation":"sales/marketing","gender":"M"}"#,
        #"{"user_id":"2","age":"19","occupation":"student","gender":"f"}"#,
        #"{"id":"heat+1995","title":"Heat","year":"1995","runtime":"170"}"#,
        "",
        #"{"message":"movie not found"}"#,
        #"{"id":"alien+1979","title":"Alien","runtime":"long"}"#,
        #"{"id":"bobby+tables+2008","title":"x'); DROP TABLE movies;--","genres":["Drama'; --"]}"#,
        #"{"user_id": 3, "age": "#,
        "\u{7B}\"id\":\"bad\u{FF}\"",
        #"{"id":"heat+1995","title":"Heat (1995)","year":1995}"#,
    ]

    @Test(.timeLimit(.minutes(3)))
    func goodLinesLandAndBadLinesAreKeptWithTheirReason() async throws {
        let directory = try CatalogTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("answers.jsonl")
        var bytes = Array(Self.lines.joined(separator: "\n").utf8)
        if let index = bytes.firstIndex(of: 0xC3) { bytes[index...index + 1] = [0xFF] }  // a byte that is not UTF-8
        try Data(bytes).write(to: file)
        try await TestDatabase.withFreshDatabase { store, _ in
            var loader = CatalogLoader(store: store, logger: Logger(label: "test"))
            loader.batchSize = 3
            let summary = try await loader.loadDump(atPath: file.path)
            #expect(summary.read == 10 && summary.blankLines == 1)
            #expect(summary.moviesInserted == 3 && summary.moviesUpdated == 1)
            #expect(summary.usersInserted == 2)
            #expect(summary.rejectedByCode == ["not found": 1, "wrong type": 1, "malformed json": 2])
            #expect(summary.batches == 4)

            let movies = try await CatalogTestSupport.movies(store)
            #expect(movies.count == 3)
            #expect(
                movies["the+godfather+1972"]
                    == MovieRecord(
                        movieID: "the+godfather+1972", title: "The Godfather", year: 1972,
                        genres: ["Drama", "Crime"], runtime: 175))
            #expect(movies["heat+1995"] == MovieRecord(movieID: "heat+1995", title: "Heat (1995)", year: 1995))
            #expect(movies["bobby+tables+2008"]?.title == "x'); DROP TABLE movies;--")
            #expect(movies["bobby+tables+2008"]?.genres == ["Drama'; --"])
            let users = try await CatalogTestSupport.users(store)
            #expect(users[1] == UserRecord(userID: 1, age: 34, occupation: "sales/marketing", gender: "M"))
            #expect(users[2] == UserRecord(userID: 2, age: 19, occupation: "student", gender: "F"))

            let rejects = try await CatalogTestSupport.rejects(store)
            let source = "jsonl:" + file.standardizedFileURL.path
            #expect(rejects.count == 4)
            #expect(rejects["movie line:6"]?.reason == "not found")
            #expect(rejects["movie alien+1979"]?.reason == #"wrong type: runtime is "long", not a whole number"#)
            #expect(rejects["movie alien+1979"]?.raw == Array(Self.lines[6].utf8))
            #expect(rejects["user line:9"]?.reason == "malformed json")
            #expect(rejects["user line:9"]?.raw == Array(Self.lines[8].utf8))
            #expect(
                rejects["movie line:10"]?.raw == [
                    0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0x62, 0x61, 0x64, 0xFF, 0x22,
                ])
            #expect(rejects.values.allSatisfy { $0.source == source })

            // Loading the same dump again changes no count and duplicates no reject.
            let again = try await loader.loadDump(atPath: file.path)
            #expect(again.moviesInserted == 0 && again.moviesUpdated == 4 && again.usersUpdated == 2)
            #expect(try await CatalogTestSupport.count(store, "catalog_rejects") == 4)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aFixedLineClearsItsEarlierReject() async throws {
        let directory = try CatalogTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("fix.jsonl")
        try await TestDatabase.withFreshDatabase { store, _ in
            let loader = CatalogLoader(store: store, logger: Logger(label: "test"))
            try Data(#"{"id":"alien+1979","runtime":"long"}"#.utf8).write(to: file)
            _ = try await loader.loadDump(atPath: file.path)
            #expect(try await CatalogTestSupport.count(store, "catalog_rejects") == 1)
            try Data(#"{"id":"alien+1979","runtime":117}"#.utf8).write(to: file)
            _ = try await loader.loadDump(atPath: file.path)
            #expect(try await CatalogTestSupport.count(store, "catalog_rejects") == 0)
            #expect(try await CatalogTestSupport.movies(store)["alien+1979"]?.runtime == 117)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aMissingFileIsAnError() async throws {
        _ = try await TestDatabase.withFreshDatabase { store, _ in
            await #expect {
                _ = try await CatalogLoader(store: store, logger: Logger(label: "test")).loadDump(
                    atPath: "/nonexistent.jsonl")
            } throws: { error in
                (error as? CatalogError)?.code == .file
            }
        }
    }
}
