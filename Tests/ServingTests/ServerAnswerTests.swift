import Foundation
import MarqueeTesting
import Recommenders
import Serving
import Store
import Testing

/// `marquee serve` as clients see it: real processes, real models, a real PostgreSQL.
@Suite struct ServerAnswerTests {
    @Test func answersAreTwentyUnwatchedMoviesWithEveryProvenanceHeaderAndTheServedLogAgrees() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            let models = try await ServingFixture.trainAndPromote(store)
            let text = ServingFixture.experiment(id: "answers-1", als: 70, popGenre: 30)
            let assignment = Assignment(try Experiment(json: Data(text.utf8)))
            let server = try await ServerProcess.start(databaseURL: url, config: try ServingFixture.configFile(text))
            var watched: [Int64: Set<String>] = [:]
            for (user, movie, _, _, _) in ServingFixture.rows() { watched[user, default: []].insert(movie) }
            var answers: [Int64: ServerProcess.Answer] = [:]
            for user in Int64(1)...30 {
                let answer = try await server.get("/recommend/\(user)")
                answers[user] = answer
                #expect(answer.status == 200)
                #expect(answer.header("Content-Type")?.hasPrefix("text/plain") == true)
                #expect(!answer.body.contains(" ") && !answer.body.contains("\n"))
                let items = answer.body.split(separator: ",").map(String.init)
                #expect(items.count == 20)
                #expect(Set(items).count == 20)
                #expect(Set(items).isDisjoint(with: watched[user]!), "user \(user) was offered a watched movie")
                let variant = assignment.variant(for: user).name
                let manifest = variant == "als" ? models.als : models.popGenre
                #expect(answer.header("X-Marquee-Variant") == variant)
                #expect(answer.header("X-Marquee-Model") == manifest.version)
                #expect(answer.header("X-Marquee-Data") == manifest.data.id)
                #expect(answer.header("X-Marquee-Code") == manifest.code.version)
                #expect(answer.header("X-Marquee-Experiment") == "answers-1")
                #expect(answer.header("X-Marquee-Basis") == "model")
                #expect(answer.header("X-Marquee-Fallback") == nil)
                #expect(answer.header("X-Request-Id")?.isEmpty == false)
            }
            #expect(Set(answers.values.compactMap { $0.header("X-Marquee-Variant") }) == ["als", "popgenre"])
            let complete = try await eventually { try await store.servedRequestIDs().count == answers.count }
            #expect(complete, "the served log should hold every answer")
            for (user, answer) in answers {
                let records = try await store.served(userID: user)
                #expect(records.count == 1)
                guard let record = records.first else { continue }
                #expect(record.requestID == answer.header("X-Request-Id"))
                #expect(record.variant == answer.header("X-Marquee-Variant"))
                #expect(record.modelVersion == answer.header("X-Marquee-Model"))
                #expect(record.dataID == answer.header("X-Marquee-Data"))
                #expect(record.codeVersion == answer.header("X-Marquee-Code"))
                #expect(record.experimentID == "answers-1")
                #expect(record.items.joined(separator: ",") == answer.body)
                #expect(record.basis == "model" && record.fallback == nil)
            }
            #expect(await server.stop() == 0)
        }
    }

    @Test func unknownUsersGetPopularityAndUsersNewSinceTrainingGetAFoldInThatSkipsWhatTheyWatched() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            let models = try await ServingFixture.trainAndPromote(store)
            let artifact = try #require(try await store.artifact(version: models.als.version))
            let coldStart = try ModelArtifact.decode(artifact).model.recommend(userID: 999_999, count: 20)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment(popGenre: 0)),
                arguments: ["--fresh-seconds", "1"])

            let unknown = try await server.get("/recommend/777777")
            #expect(unknown.status == 200)
            #expect(unknown.header("X-Marquee-Basis") == "cold_start")
            #expect(unknown.body == coldStart.joined(separator: ","))

            // User 5000 starts watching after training: first the popularity list, then a fold-in.
            let newWatches: [(Int64, String, Int32, Int16?, Int64)] = [
                (5000, "movie+3", 40, 5, 1_800_000_000), (5000, "movie+10", 30, nil, 1_800_000_100),
                (5000, "movie+17", 20, 4, 1_800_000_200),
            ]
            try await ServingFixture.insert(newWatches, into: store)
            let answer = try #require(
                try await server.firstAnswer("/recommend/5000", basis: "fold_in"),
                "a user new since training should get a fold-in list")
            let items = answer.body.split(separator: ",").map(String.init)
            #expect(items.count == 20)
            #expect(Set(items).isDisjoint(with: ["movie+3", "movie+10", "movie+17"]))
            #expect(answer.body != unknown.body)

            // A known user's new watch is excluded once the user's interactions are read again.
            let before = try await server.get("/recommend/2")
            try await Task.sleep(for: .milliseconds(300))  // the first read of user 2 has happened
            #expect(try await server.get("/recommend/2").body == before.body)
            let top = try #require(before.body.split(separator: ",").first.map(String.init))
            try await ServingFixture.insert([(2, top, 50, nil, 1_800_000_000)], into: store)
            #expect(
                try await eventually(seconds: 20) {
                    !(try await server.get("/recommend/2").body.split(separator: ",").map(String.init).contains(top))
                }, "a movie watched since training should leave the list within the freshness window")
            #expect(await server.stop() == 0)
        }
    }

    @Test func aUserNewSinceTrainingInThePopGenreArmGetsTheGenresTheyWatchedBoosted() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            // Every fourth movie is a horror film, the rest dramas.
            let horror = Set((0..<40).filter { $0 % 4 == 0 }.map { "movie+\($0)" })
            var catalog = CatalogRows(source: "test")
            catalog.movies = (0..<40).map { number in
                let movie = "movie+\(number)"
                return CatalogRows.Movie(
                    movieID: movie, title: nil, year: nil, genres: horror.contains(movie) ? ["Horror"] : ["Drama"],
                    runtime: nil)
            }
            _ = try await store.write(catalog)
            _ = try await ServingFixture.trainAndPromote(store)
            let server = try await ServerProcess.start(
                databaseURL: url,
                config: try ServingFixture.configFile(ServingFixture.experiment(als: 0, popGenre: 100)),
                arguments: ["--fresh-seconds", "1"])
            let cold = try await server.get("/recommend/777777")
            #expect(cold.header("X-Marquee-Variant") == "popgenre" && cold.header("X-Marquee-Basis") == "cold_start")

            let watched: Set<String> = ["movie+0", "movie+4", "movie+8"]
            try await ServingFixture.insert(
                watched.sorted().enumerated().map { (5000, $1, 45, nil, 1_800_000_000 + Int64($0)) }, into: store)
            let answer = try #require(
                try await server.firstAnswer("/recommend/5000", basis: "fold_in"),
                "a new user of the popgenre variant should get a genre fold-in")
            #expect(answer.header("X-Marquee-Variant") == "popgenre")
            let items = answer.body.split(separator: ",").map(String.init)
            #expect(items.count == 20 && Set(items).isDisjoint(with: watched))
            // Only horror so far: the seven horror films left lead the list.
            #expect(Set(items.prefix(7)) == horror.subtracting(watched), "\(items)")
            #expect(answer.body != cold.body)
            let logged = try await eventually {
                try await store.served(userID: 5000).contains { $0.basis == "fold_in" }
            }
            #expect(logged, "the served log should say the list was a fold-in")
            #expect(await server.stop() == 0)
        }
    }

    @Test func badInputGetsAOneLineClientErrorAndTheServerKeepsServing() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment()),
                arguments: ["--access-log", "--log-level", "info"])
            let cases: [(HTTPMethodName, String, Int, String)] = [
                (.get, "/recommend/abc", 400, "not a number"),
                (.get, "/recommend/-3", 400, "negative"),
                (.get, "/recommend/0", 400, "not positive"),
                (.get, "/recommend/12345678901", 400, "at most 10"),
                (.get, "/recommend/" + String(repeating: "9", count: 5000), 400, "at most 10"),
                (.get, "/recommend/1.5", 400, "not a number"),
                (.get, "/recommend/", 404, "no route"),
                (.get, "/recommend/1/2", 404, "no route"),
                (.get, "/nope", 404, "no route"),
                (.post, "/recommend/1", 405, "use GET"),
                (.delete, "/health", 405, "use GET"),
                (.get, "/admin/reload", 405, "use POST"),
            ]
            for (method, path, status, reason) in cases {
                let answer = try await server.send(method.client, path)
                #expect(answer.status == status, "\(method) \(path.prefix(40))")
                #expect(answer.body.contains(reason), "\(path.prefix(40)): \(answer.body)")
                #expect(answer.body.split(separator: "\n").count == 1)
            }
            // Admin routes: no token, a wrong token, the right one.
            #expect(try await server.send(.POST, "/admin/reload", token: nil).status == 401)
            #expect(try await server.send(.POST, "/admin/reload", token: "wrong").status == 403)
            #expect(try await server.send(.POST, "/admin/reload").status == 200)
            // Bytes that are not HTTP at all.
            try RawSocket.send(Array("\u{1}\u{2}GARBAGE\r\n\r\n".utf8), port: server.port)
            #expect(try await server.get("/recommend/1").status == 200)
            #expect(server.process.isRunning)
            #expect(server.process.errorText.contains("status=400"), "bad requests are in the access log")
            #expect(!server.process.errorText.contains(ServerProcess.token), "the admin token must never be logged")
            #expect(await server.stop() == 0)
        }
    }

    @Test func healthListsEveryVariantsModelAndMetricsCountRequests() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            let models = try await ServingFixture.trainAndPromote(store)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment(id: "health-1")))
            let health = try await server.get("/health")
            #expect(health.status == 200)
            let document = try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any]
            #expect(document?["experiment"] as? String == "health-1")
            let variants = document?["variants"] as? [[String: Any]] ?? []
            #expect(
                Set(variants.compactMap { $0["model"] as? String }) == [models.als.version, models.popGenre.version])
            #expect(variants.allSatisfy { ($0["users"] as? Int) == 60 && ($0["items"] as? Int) == 40 })
            for user in 1...10 { _ = try await server.get("/recommend/\(user)") }
            _ = try await server.get("/recommend/abc")
            let metrics = try await server.get("/metrics").body
            let answered = metrics.split(separator: "\n").filter {
                $0.hasPrefix("marquee_requests_total{") && $0.contains("status=\"200\"") && !$0.contains("variant=\"\"")
            }
            let total = answered.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
            #expect(total == 10)
            #expect(metrics.contains("marquee_requests_total{variant=\"\",status=\"400\"} 1"))
            #expect(metrics.contains("marquee_request_duration_seconds_bucket"))
            #expect(metrics.contains("marquee_served_log_backlog"))
            #expect(metrics.contains("marquee_recommendations_total{"))
            #expect(await server.stop() == 0)
        }
    }
}
