import Foundation
import MarqueeTesting
import Quality
import Recommenders
import Store
import Testing
import Training

@Suite struct ManifestTests {
    /// The repository's `schemas/` folder.
    static let schemas = Result {
        try SchemaSet(
            directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("schemas"))
    }

    static let als = ModelSpecification.als(
        {
            var configuration = ALSConfiguration()
            configuration.factors = 8
            configuration.iterations = 4
            return configuration
        }(), confidence: ConfidenceMapping())

    @Test func twoTrainingsOnTheSameDataShareTheHashAndOneMoreLineChangesIt() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            let pipeline = TrainingFixtures.pipeline(store)
            let gate = try await TrainingPipeline.gate(store)
            let first = try await pipeline.train(
                Self.als, on: try await .postgres(store), gate: gate, overrideReason: nil)
            let second = try await pipeline.train(
                .popGenre(.init()), on: try await .postgres(store), gate: gate, overrideReason: nil)
            #expect(first.manifest.data.contentHash == second.manifest.data.contentHash)
            #expect(first.manifest.version != second.manifest.version)
            try await TrainingFixtures.insert([(999, "movie+1", 3, nil, 1_800_000_000)], into: store)
            let third = try await pipeline.train(
                Self.als, on: try await .postgres(store), gate: gate, overrideReason: nil)
            #expect(third.manifest.data.contentHash != first.manifest.data.contentHash)
            #expect(third.manifest.data.rows == first.manifest.data.rows + 1)
            #expect(third.manifest.data.tables["interactions"] == first.manifest.data.rows + 1)
        }
    }

    @Test func theManifestDescribesTheArtifactCodeDataAndCost() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            var passes = 0
            let outcome = try await TrainingFixtures.pipeline(store).train(
                Self.als, on: try await .postgres(store), gate: try await TrainingPipeline.gate(store),
                overrideReason: nil
            ) { _ in passes += 1 }
            let manifest = outcome.manifest
            #expect(passes == 4 && manifest.training.iterations.count == 4)
            #expect(manifest.kind == "als" && manifest.version.hasPrefix("als-"))
            #expect(manifest.params == Self.als)
            #expect(manifest.data.source == "postgres" && manifest.data.users == 40 && manifest.data.items == 30)
            #expect(manifest.data.timeRange.from == "2023-11-14T22:13:20.000Z")
            #expect(manifest.data.contentHash.hasPrefix("sha256:") && manifest.data.contentHash.count == 71)
            #expect(manifest.code.commit?.count == 40, "built from a git checkout, the commit is known")
            #expect(manifest.gate.validation.verdict == "missing" && manifest.gate.override == nil)
            #expect(manifest.metrics["recall@10"] != nil && manifest.metrics["coverage@20"] != nil)
            #expect(manifest.training.seconds > 0 && manifest.training.peakRSSBytes > 1_000_000)

            let file = try Data(contentsOf: outcome.directory.appendingPathComponent("model.bin"))
            #expect(manifest.artifact.bytes == file.count && manifest.artifact.sha256 == SHA256.hex(file))
            let json = try Data(contentsOf: outcome.directory.appendingPathComponent("manifest.json"))
            #expect(try JSONDecoder().decode(ModelManifest.self, from: json) == manifest)
            let errors = try Self.schemas.get().validate(try JSONValue(parsing: json), against: "model-manifest")
            #expect(errors.isEmpty, "\(errors)")

            let record = try #require(try await store.model(version: manifest.version))
            #expect(record.status == "candidate" && record.codeVersion == manifest.code.version)
            #expect(try await store.artifact(version: manifest.version) == file)
            let loaded = try ModelArtifact.decode(file)
            #expect(loaded.specification == Self.als)
            #expect(loaded.model.recommend(userID: 3, count: 5).count == 5)
        }
    }

    @Test func promotingRetiresThePreviouslyPromotedModelOfTheKind() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            var pipeline = TrainingFixtures.pipeline(store)
            pipeline.evaluate = false
            let gate = try await TrainingPipeline.gate(store)
            let data = try await TrainingData.postgres(store)
            let old = try await pipeline.train(.popGenre(.init()), on: data, gate: gate, overrideReason: nil)
            let new = try await pipeline.train(.popGenre(.init()), on: data, gate: gate, overrideReason: nil)
            let als = try await pipeline.train(Self.als, on: data, gate: gate, overrideReason: nil)
            #expect(try await store.promote(version: old.manifest.version).isEmpty)
            #expect(try await store.promote(version: als.manifest.version).isEmpty)
            #expect(try await store.promote(version: new.manifest.version) == [old.manifest.version])
            let statuses = Dictionary(uniqueKeysWithValues: try await store.models().map { ($0.version, $0.status) })
            #expect(statuses[old.manifest.version] == "retired")
            #expect(statuses[new.manifest.version] == "promoted" && statuses[als.manifest.version] == "promoted")
            await #expect(throws: StoreError.self) { try await store.promote(version: "als-nope") }
        }
    }
}
