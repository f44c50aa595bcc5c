import Foundation
import Testing

@testable import Serving

@Suite struct ExperimentConfigTests {
    static func parse(_ text: String) throws(ExperimentError) -> Experiment { try Experiment(json: Data(text.utf8)) }

    @Test func aGoodConfigParses() throws {
        let experiment = try Self.parse(
            """
            {"id": "als-vs-pop", "salt": "2026-11", "variants": [
              {"name": "als", "model": "promoted:als", "weight": 70},
              {"name": "pop", "model": "popgenre-20261124T123724Z-04af69", "weight": 30.5}]}
            """)
        #expect(experiment.id == "als-vs-pop" && experiment.salt == "2026-11")
        #expect(experiment.variants.map(\.name) == ["als", "pop"])
        #expect(experiment.variants[0].model == .promoted(kind: "als"))
        #expect(experiment.variants[1].model == .version("popgenre-20261124T123724Z-04af69"))
        #expect(experiment.variants.map(\.weight) == [70, 30.5])
    }

    @Test(arguments: [
        ("not json", "not JSON"),
        ("[1]", "JSON object"),
        (#"{"salt": "s", "variants": []}"#, "id must be"),
        (#"{"id": "e", "salt": "s", "variants": []}"#, "variants must be a non-empty list"),
        (#"{"id": "e", "salt": " ", "variants": [{"name": "a", "model": "m", "weight": 1}]}"#, "salt must be"),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "m", "weight": -1}]}"#,
            "variants[0].weight is -1.0"
        ),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "m", "weight": 0}]}"#,
            "every variant has weight 0"
        ),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "m", "weight": "1"}]}"#,
            "variants[0].weight must be a number"
        ),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "m", "weight": true}]}"#,
            "variants[0].weight must be a number"
        ),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "promoted:knn", "weight": 1}]}"#,
            "variants[0].model"
        ),
        (#"{"id": "e", "salt": "s", "variants": [{"name": "a", "weight": 1}]}"#, "variants[0].model must be"),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "m", "weight": 1}, {"name": "a", "model": "n", "weight": 1}]}"#,
            "variants[1].name \"a\" is used twice"
        ),
        (#"{"id": "e", "salt": "s", "weights": {}, "variants": []}"#, "unknown field \"weights\""),
        (
            #"{"id": "e", "salt": "s", "variants": [{"name": "a", "model": "m", "weight": 1, "wieght": 2}]}"#,
            "unknown field \"wieght\""
        ),
    ])
    func aBadConfigIsRefusedNamingTheField(text: String, expected: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func yamlIsTheSameDocumentAsJSON() throws {
        let yaml = """
            # the weekly experiment
            id: als-vs-popgenre-1
            salt: "2026-11"
            variants:
              - name: als
                model: promoted:als
                weight: 70
              - {name: popgenre, model: "promoted:popgenre", weight: 30.5}
            """
        let json = #"""
            {"id": "als-vs-popgenre-1", "salt": "2026-11", "variants": [
              {"name": "als", "model": "promoted:als", "weight": 70},
              {"name": "popgenre", "model": "promoted:popgenre", "weight": 30.5}]}
            """#
        #expect(try Experiment(configFile: Data(yaml.utf8)) == Experiment(configFile: Data(json.utf8)))
        let parsed = try Experiment(configFile: Data(yaml.utf8))
        #expect(try Experiment(configFile: Data(parsed.json().utf8)) == parsed)
    }

    @Test(arguments: [
        ("id: e\nsalt: s\nvariants:\n  - {name: a, model: m, weight: -2}", "variants[0].weight is -2"),
        ("id: e\nsalt: s\nvariants:\n  - {name: a, model: m, weight: \"1\"}", "variants[0].weight must be a number"),
        ("id: e\nsalt: 2026\nvariants: []", "salt must be a non-empty string"),
        ("id: e\nsalt: s\nvariants: [", "not valid YAML"),
        ("", "empty"),
    ])
    func aBadYAMLConfigIsRefusedNamingTheField(text: String, expected: String) {
        do {
            _ = try Experiment(configFile: Data(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }
}
