import Foundation
import MarqueeTesting
import Serving
import Store
import Synchronization
import Testing

/// Experiments and models change under a running server: bad changes are refused, good ones
/// apply, and no request fails meanwhile.
@Suite struct ServerReloadTests {
    @Test func aBadConfigIsRefusedNamingTheFieldAndTheOldOneKeepsServing() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let file = try ServingFixture.configFile(ServingFixture.experiment(id: "first"))
            let server = try await ServerProcess.start(
                databaseURL: url, config: file, arguments: ["--watch-seconds", "3600"])
            let refusals: [(String, String)] = [
                ("{not json", "not JSON"),
                ("id: [unclosed", "not valid YAML"),
                (#"{"id":"x","salt":"s","variants":[{"name":"a","model":"no-such-model","weight":1}]}"#,
                 "variants[0].model: no model \"no-such-model\""),
                (#"{"id":"x","salt":"s","variants":[{"name":"a","model":"promoted:als","weight":-1}]}"#,
                 "variants[0].weight is -1"),
                (#"{"id":"x","salt":"s","variants":[{"name":"a","model":"promoted:als","weight":0}]}"#,
                 "every variant has weight 0"),
                (#"{"id":"x","salt":"s","variants":[{"name":"a","model":"promoted:knn","weight":1}]}"#,
                 "variants[0].model \"promoted:knn\""),
                (#"{"id":"x","variants":[{"name":"a","model":"promoted:als","weight":1}]}"#, "salt must be"),
            ]
            for (body, reason) in refusals {
                let answer = try await server.send(.PUT, "/admin/experiment", body: body)
                #expect(answer.status == 422, "\(body)")
                #expect(answer.body.contains(reason), "\(answer.body)")
                #expect(answer.body.contains("previous experiment keeps serving") || answer.body.contains("variants["))
                #expect(try await server.get("/recommend/1").header("X-Marquee-Experiment") == "first")
            }
            // A bad file on SIGHUP is refused too; a good one (YAML) applies.
            try Data("variants: nope".utf8).write(to: file)
            server.process.send(SIGHUP)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await server.get("/recommend/1").header("X-Marquee-Experiment") == "first")
            try Data(
                """
                id: second
                salt: s1
                variants:
                  - {name: als, model: "promoted:als", weight: 1}
                """.utf8
            ).write(to: file)
            server.process.send(SIGHUP)
            #expect(try await eventually { try await server.get("/recommend/1").header("X-Marquee-Experiment") == "second" })
            // PUT applies and rewrites the file, so a restart serves the same experiment.
            let third = ServingFixture.experiment(id: "third")
            #expect(try await server.send(.PUT, "/admin/experiment", body: third).status == 200)
            #expect(try await server.get("/recommend/1").header("X-Marquee-Experiment") == "third")
            #expect(try String(contentsOf: file, encoding: .utf8) == third)
            let metrics = try await server.get("/metrics").body
            #expect(metrics.contains("marquee_reloads_total{what=\"experiment\",outcome=\"refused\"} 8"))
            #expect(await server.stop() == 0)
        }
    }

    @Test func theConfigFileIsWatchedAndWeightZeroSendsNothing() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let file = try ServingFixture.configFile(ServingFixture.experiment(id: "all-als", als: 1, popGenre: 0))
            let server = try await ServerProcess.start(databaseURL: url, config: file)
            for user in 1...200 {
                #expect(try await server.get("/recommend/\(user)").header("X-Marquee-Variant") == "als")
            }
            try Data(ServingFixture.experiment(id: "all-pop", als: 0, popGenre: 3).utf8).write(to: file)
            #expect(
                try await eventually { try await server.get("/recommend/1").header("X-Marquee-Experiment") == "all-pop" },
                "\(server.process.errorText.suffix(3000))")
            for user in 1...200 {
                #expect(try await server.get("/recommend/\(user)").header("X-Marquee-Variant") == "popgenre")
            }
            #expect(await server.stop() == 0)
        }
    }

    @Test func assignmentIsTheSameAfterARestartAndMatchesTheDocumentedHash() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let text = ServingFixture.experiment(id: "sticky", salt: "restart-salt", als: 70, popGenre: 30)
            let assignment = Assignment(try Experiment(json: Data(text.utf8)))
            let file = try ServingFixture.configFile(text)
            var runs: [[String]] = []
            for _ in 0..<2 {
                let server = try await ServerProcess.start(databaseURL: url, config: file)
                var variants: [String] = []
                for user in 1...300 { variants.append(try await server.get("/recommend/\(user)").header("X-Marquee-Variant") ?? "") }
                runs.append(variants)
                #expect(await server.stop() == 0)
            }
            #expect(runs[0] == runs[1])
            #expect(runs[0] == (1...300).map { assignment.variant(for: Int64($0)).name })
            #expect(Set(runs[0]) == ["als", "popgenre"])
        }
    }

    @Test func requestsInFlightDuringModelReloadsAndWeightChangesAllSucceed() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            let models = try await ServingFixture.trainAndPromote(store)
            let other = try await ServingFixture.trainALS(store, seed: 7)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment(id: "w-0")))
            // Clients ask until the admin side has done 12 rounds of reloads and weight changes
            // and they have asked 200 times: counts, not a time window, so a slow machine only
            // takes longer.
            let progress = ReloadProgress()
            let results = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
                for client in 0..<4 {
                    group.addTask {
                        var seen: [(Int, String)] = []
                        var user = client * 1000
                        while !progress.adminDone.load(ordering: .relaxed) {
                            user += 1
                            let answer = try await server.get("/recommend/\(user % 70 + 1)")
                            seen.append((answer.status, answer.header("X-Marquee-Model") ?? ""))
                            progress.answered.add(1, ordering: .relaxed)
                        }
                        return seen
                    }
                }
                group.addTask {
                    var admin: [(Int, String)] = []
                    var round = 0
                    defer { progress.adminDone.store(true, ordering: .relaxed) }
                    while round < 12 || progress.answered.load(ordering: .relaxed) < 200 {
                        round += 1
                        _ = try await store.promote(version: round % 2 == 0 ? models.als.version : other.version)
                        let reload = try await server.send(.POST, "/admin/reload")
                        let weights = ServingFixture.experiment(
                            id: "w-\(round)", als: Double(1 + round % 5), popGenre: Double(1 + (round * 3) % 5))
                        let put = try await server.send(.PUT, "/admin/experiment", body: weights)
                        admin += [(reload.status, "reload"), (put.status, "put")]
                        try await Task.sleep(for: .milliseconds(150))
                    }
                    return admin
                }
                var all: [(Int, String)] = []
                for try await part in group { all += part }
                return all
            }
            let requests = results.filter { $0.1 != "reload" && $0.1 != "put" }
            #expect(requests.count >= 200)
            #expect(results.allSatisfy { $0.0 == 200 }, "non-200: \(results.filter { $0.0 != 200 }.prefix(5))")
            let versions = Set(requests.map(\.1))
            #expect(versions.isSuperset(of: [models.als.version, other.version, models.popGenre.version]))
            #expect(await server.stop() == 0)
        }
    }

    @Test func aPromotionIsPickedUpByTheRegistryPollAlone() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            let models = try await ServingFixture.trainAndPromote(store)
            let other = try await ServingFixture.trainALS(store, seed: 11)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment(popGenre: 0)))
            #expect(try await server.get("/recommend/1").header("X-Marquee-Model") == models.als.version)
            _ = try await store.promote(version: other.version)
            #expect(try await eventually { try await server.get("/recommend/1").header("X-Marquee-Model") == other.version })
            let health = try await server.get("/health").body
            #expect(health.contains(other.version) && !health.contains(models.als.version))
            #expect(await server.stop() == 0)
        }
    }
}

/// How far the reload test's clients and admin have got.
private final class ReloadProgress: Sendable {
    let answered = Atomic(0)
    let adminDone = Atomic(false)
}
