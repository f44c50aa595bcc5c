import Foundation
import MarqueeTesting
import Quality
import Recommenders
import Store
import Testing
import Training

/// Whole retrain cycles on a real PostgreSQL with MovieLens-100K: a promoted model trained on
/// the first half of the ratings in time, then the second half arrives and a cycle runs.
@Suite(.serialized) struct RetrainCycleTests {
    @Test(.timeLimit(.minutes(5))) func aBetterCandidateIsPromotedAndItsManifestSaysWhy() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let (early, late) = try RetrainFixtures.halves()
            try await RetrainFixtures.insert(early, into: store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-retrain-\(UUID())")
            let incumbent = try await RetrainFixtures.promote(RetrainFixtures.poorALS, in: store, directory: directory)
            try await RetrainFixtures.insert(late, into: store)

            var policy = RetrainPolicy()
            policy.als = RetrainFixtures.goodALS
            var events: [RetrainEvent] = []
            let outcome = try await RetrainFixtures.cycle(store, policy, directory: directory).run { events.append($0) }

            let als = try #require(outcome.kinds.first { $0.kind == "als" })
            let alsCandidate = try #require(als.candidate)
            #expect(als.decision == .promoted, "\(als.reason)")
            #expect(als.retired == [incumbent.version])
            let comparison = als.comparison
            #expect(comparison.metric == "ndcg@20" && comparison.incumbentVersion == incumbent.version)
            let (candidate, old) = (try #require(comparison.candidate), try #require(comparison.incumbent))
            #expect(candidate >= old * 1.02 && old > 0, "candidate \(candidate), incumbent \(old)")
            #expect(comparison.holdoutUsers >= 30 && comparison.margin == 0.02 && comparison.minHoldoutUsers == 30)
            #expect(als.reason.contains("beats \(incumbent.version)"))
            // Nothing of the kind was promoted: PopGenre goes in on its own.
            let popGenre = try #require(outcome.kinds.first { $0.kind == "popgenre" })
            let popGenreCandidate = try #require(popGenre.candidate)
            #expect(popGenre.decision == .promoted && popGenre.comparison.incumbentVersion == nil)
            #expect(popGenre.reason.hasPrefix("no popgenre model is promoted yet"))

            // The drift report compared the new half with the incumbent's data, and the gate let it through.
            #expect(outcome.drift.mode == "compare" && outcome.drift.reportID != nil)
            #expect(outcome.gate.open && outcome.validation.verdict == "pass")
            #expect(
                events.contains {
                    if case .measuredDrift(let report, _) = $0 { report.mode == .compare } else { false }
                })

            let statuses = try await RetrainFixtures.statuses(store)
            #expect(statuses[alsCandidate] == "promoted" && statuses[incumbent.version] == "retired")
            #expect(statuses[popGenreCandidate] == "promoted")
            #expect(try await store.promotedVersions() == ["als": alsCandidate, "popgenre": popGenreCandidate])

            // Every verdict is in the new model's manifest, the registry's and the folder's alike.
            let registered = try #require(try await RetrainFixtures.manifest(alsCandidate, in: store))
            let file = try Data(contentsOf: directory.appendingPathComponent("\(alsCandidate)/manifest.json"))
            #expect(try JSONDecoder().decode(ModelManifest.self, from: file) == registered)
            let retrain = try #require(registered.retrain)
            #expect(retrain.cycleID == outcome.cycleID && retrain.decision == .promoted && retrain.reason == als.reason)
            #expect(retrain.comparison == comparison)
            #expect(retrain.validation.reportID == outcome.validation.reportID && retrain.validation.verdict == "pass")
            #expect(retrain.drift == outcome.drift)
            let errors = try RetrainFixtures.schemas.get().validate(
                try JSONValue(parsing: file), against: "model-manifest")
            #expect(errors.isEmpty, "\(errors)")

            // Nothing new since: the next cycle measures a snapshot, trains nothing, keeps both.
            let models = try await store.models().count
            let again = try await RetrainFixtures.cycle(store, policy, directory: directory).run()
            #expect(again.drift.mode == "snapshot")
            #expect(again.kinds.map(\.decision) == [.keptIncumbent, .keptIncumbent])
            #expect(again.kinds.allSatisfy { $0.candidate == nil && $0.reason.contains("nothing to retrain on") })
            #expect(try await store.models().count == models)
        }
    }

    @Test(.timeLimit(.minutes(5))) func aWorseCandidateIsNotPromoted() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            let (early, late) = try RetrainFixtures.halves()
            try await RetrainFixtures.insert(early, into: store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-retrain-\(UUID())")
            let incumbent = try await RetrainFixtures.promote(RetrainFixtures.goodALS, in: store, directory: directory)
            let popIncumbent = try await RetrainFixtures.promote(.popGenre(.init()), in: store, directory: directory)
            try await RetrainFixtures.insert(late, into: store)

            var policy = RetrainPolicy()
            policy.als = RetrainFixtures.poorALS
            let outcome = try await RetrainFixtures.cycle(store, policy, directory: directory).run()

            let als = try #require(outcome.kinds.first { $0.kind == "als" })
            #expect(als.decision == .keptIncumbent)
            #expect(
                als.reason.contains("does not beat \(incumbent.version)") && als.reason.contains("by 2 %"),
                "\(als.reason)")
            let (candidate, old) = (try #require(als.comparison.candidate), try #require(als.comparison.incumbent))
            #expect(candidate < old * 1.02)
            let statuses = try await RetrainFixtures.statuses(store)
            let alsCandidate = try #require(als.candidate)
            #expect(statuses[incumbent.version] == "promoted" && statuses[alsCandidate] == "candidate")
            #expect(try await store.promotedVersions()["als"] == incumbent.version)
            let retrain = try #require(try await RetrainFixtures.manifest(alsCandidate, in: store)?.retrain)
            #expect(retrain.decision == .keptIncumbent && retrain.reason == als.reason)
            #expect(retrain.comparison.incumbentVersion == incumbent.version)
            // PopGenre was compared with its own incumbent, on the same users as ALS.
            let popGenre = try #require(outcome.kinds.first { $0.kind == "popgenre" })
            #expect(popGenre.comparison.incumbentVersion == popIncumbent.version)
            #expect(popGenre.comparison.holdoutUsers == als.comparison.holdoutUsers)
        }
    }

    @Test(.timeLimit(.minutes(3))) func tooFewUsersWithNewDataKeepTheIncumbent() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            // Hold back the newest ratings until they cover a dozen users: only those have a
            // held-out interaction newer than what the incumbent was trained on.
            let rows = try RetrainFixtures.movieLens.get()
            var held = Set<Int64>()
            var cut = rows.count
            while cut > 1, held.count < 12 || held.contains(rows[cut - 1].user) || rows[cut - 1].at == rows[cut].at {
                cut -= 1
                held.insert(rows[cut].user)
            }
            let ratingsPerUser = Dictionary(grouping: rows, by: \.user).mapValues(\.count)
            let fresh = held.filter { ratingsPerUser[$0, default: 0] >= 2 }.count
            try #require((5..<30).contains(fresh), "\(fresh) users")
            try await RetrainFixtures.insert(Array(rows[..<cut]), into: store)
            let incumbent = try await RetrainFixtures.promote(
                RetrainFixtures.poorALS, in: store,
                directory: FileManager.default.temporaryDirectory.appendingPathComponent("marquee-retrain-\(UUID())"))
            try await RetrainFixtures.insert(Array(rows[cut...]), into: store)

            var policy = RetrainPolicy()
            policy.als = RetrainFixtures.goodALS
            // Drift between two windows of a dozen users is not what this test is about.
            policy.driftThresholds = .neverBlocking
            let outcome = try await RetrainFixtures.cycle(store, policy).run()

            let als = try #require(outcome.kinds.first { $0.kind == "als" })
            #expect(als.comparison.holdoutUsers == fresh)
            #expect(als.decision == .keptIncumbent)
            #expect(
                als.reason.hasPrefix("only \(fresh) users have data newer than \(incumbent.version) (trained up to ")
                    && als.reason.hasSuffix("need 30"), "\(als.reason)")
            #expect(try await store.promotedVersions()["als"] == incumbent.version)
        }
    }

    @Test(.timeLimit(.minutes(2))) func aBlockingValidationStopsTheCycleBeforeTraining() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            // One row whose movie id breaks the schema's pattern: 1 of 241 rows rejected.
            try await TrainingFixtures.insert([(7, "Not A Movie Id!", 12, nil, 1_700_000_500)], into: store)
            var policy = RetrainPolicy()
            policy.maxRejectRate = 0
            policy.als = RetrainFixtures.als(factors: 4, iterations: 2)
            do {
                _ = try await RetrainFixtures.cycle(store, policy).run()
                Issue.record("the cycle went through a blocking validation")
            } catch let error as RetrainError {
                #expect(error.code == .gateClosed)
                let validation = try #require(error.outcome?.validation)
                #expect(validation.verdict == "block")
                let id = try #require(validation.reportID)
                #expect(
                    error.message.contains("retraining refused: validation report \(id) blocks"), "\(error.message)")
                #expect(error.message.contains("`marquee validate`") && error.message.contains("--override-gate"))
                #expect(error.outcome?.gate.open == false && error.outcome?.kinds.isEmpty == true)
            }
            #expect(try await store.models().isEmpty)
            #expect(try await store.promotedVersions().isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(2))) func aBlockingDriftReportStopsTheCycleAndKeepsTheIncumbent() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            let incumbent = try await RetrainFixtures.promote(
                RetrainFixtures.als(factors: 4, iterations: 2), in: store,
                directory: FileManager.default.temporaryDirectory.appendingPathComponent("marquee-retrain-\(UUID())"))
            // New users arrive, each watching only movie+1: the popularity of the new window is
            // nothing like the old one's.
            let flood: [(Int64, String, Int32, Int16?, Int64)] = (0..<40).map { (index: Int) in
                let at: Int64 = 1_800_000_000 + Int64(index) * 100_000
                return (Int64(1000 + index), "movie+1", Int32(30), Int16?.none, at)
            }
            try await TrainingFixtures.insert(flood, into: store)
            let before = try await store.models().count
            do {
                _ = try await RetrainFixtures.cycle(store, RetrainPolicy()).run()
                Issue.record("the cycle went through a blocking drift report")
            } catch let error as RetrainError {
                #expect(error.code == .gateClosed)
                let drift = try #require(error.outcome?.drift)
                #expect(drift.verdict == "block" && drift.mode == "compare")
                #expect(error.message.contains("drift report \(drift.reportID ?? -1) blocks: "), "\(error.message)")
            }
            #expect(try await store.models().count == before)
            #expect(try await store.promotedVersions() == ["als": incumbent.version])
        }
    }
}
