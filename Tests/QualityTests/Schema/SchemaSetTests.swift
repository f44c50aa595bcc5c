import Foundation
import Quality
import Testing

/// The repository's schemas/ folder: every document loads, and every fixture lands where
/// its folder says.
@Suite struct SchemaSetTests {
    static let expectedNames = [
        "drift-report", "interaction", "model-manifest", "movie", "online-report", "rating", "recommendation-event",
        "user",
    ]

    @Test func loadsEverySchemaByName() throws {
        let set = try SchemaSet(directory: Repository.schemas)
        #expect(set.names == Self.expectedNames)
        for name in set.names {
            let schema = try set.schema(named: name)
            #expect(schema.id == "https://marquee.example/schemas/\(name).schema.json")
            #expect(schema.document["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
            #expect(schema.title?.isEmpty == false)
            #expect(schema.document["description"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func unknownNameSaysWhichExist() throws {
        let set = try SchemaSet(directory: Repository.schemas)
        let error = try #require(throws: QualityError.self) { try set.schema(named: "ratings") }
        #expect(error.code == .unknownSchema)
        #expect(error.message.contains("known: drift-report, interaction"))
    }

    @Test func folderWithoutSchemasIsAnError() throws {
        let error = try #require(throws: QualityError.self) {
            try SchemaSet(directory: Repository.root.appendingPathComponent("scripts"))
        }
        #expect(error.code == .schema)
    }

    /// The movie id, user id and date-time rules are copied into each document (references are
    /// local only); the copies must not drift apart.
    @Test func sharedDefinitionsAreIdenticalEverywhere() throws {
        let set = try SchemaSet(directory: Repository.schemas)
        for definition in ["movie_id", "user_id", "date_time"] {
            let copies = set.names.compactMap { set.schemas[$0]?.document["$defs"]?[definition] }
            #expect(copies.count >= 2, "\(definition)")
            #expect(Set(copies).count == 1, "\(definition) differs between schemas")
        }
    }

    @Test func everyFixtureMatchesItsFolder() throws {
        let set = try SchemaSet(directory: Repository.schemas)
        let fixtures = try Schemas.fixtures()
        #expect(fixtures.count > 100)
        for schemaName in Self.expectedNames {
            #expect(fixtures.filter { $0.schema == schemaName && $0.folder == "valid" }.count >= 3, "\(schemaName)")
            #expect(fixtures.filter { $0.schema == schemaName && $0.folder == "invalid" }.count >= 5, "\(schemaName)")
        }
        for fixture in fixtures {
            let instance = try JSONValue(
                parsing: Data(contentsOf: Repository.fixtures.appendingPathComponent(fixture.path)))
            let errors = try set.validate(instance, against: fixture.schema)
            #expect(errors.isEmpty == (fixture.folder == "valid"), "\(fixture.path): \(errors)")
        }
    }

    @Test(arguments: [
        ("interaction/invalid/rating-seven.json", ["rating/maximum"]),
        ("interaction/invalid/rating-seven-as-word.json", ["rating/type"]),
        ("interaction/invalid/user-id-negative.json", ["user_id/minimum"]),
        ("interaction/invalid/movie-id-with-space.json", ["movie_id/pattern"]),
        ("interaction/invalid/movie-id-257-bytes.json", ["movie_id/maxLength"]),
        ("interaction/invalid/neither-watched-nor-rated.json", ["minutes_watched/exclusiveMinimum"]),
        ("interaction/invalid/extra-member.json", ["minutes/additionalProperties"]),
        ("recommendation-event/invalid/items-not-a-list.json", ["items/type"]),
        ("recommendation-event/invalid/status-not-a-number.json", ["status/type"]),
        ("recommendation-event/invalid/status-99.json", ["status/anyOf"]),
        ("user/invalid/gender-word.json", ["gender/enum"]),
        ("movie/invalid/duplicate-genres.json", ["genres/uniqueItems"]),
        ("model-manifest/invalid/content-hash-upper-case.json", ["data.content_hash/pattern"]),
        ("drift-report/invalid/pass-with-failing-metric.json", ["failing/maxItems"]),
    ])
    func dirtyFixtureReportsItsRule(path: String, rules: [String]) throws {
        let set = try SchemaSet(directory: Repository.schemas)
        let schemaName = String(path.prefix { $0 != "/" })
        let instance = try JSONValue(parsing: Data(contentsOf: Repository.fixtures.appendingPathComponent(path)))
        #expect(try set.validate(instance, against: schemaName).map(\.rule) == rules)
    }
}
