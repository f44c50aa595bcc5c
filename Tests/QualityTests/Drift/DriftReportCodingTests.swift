import Foundation
import Quality
import Testing

/// Reports and thresholds as JSON: snake_case, nulls written out, valid against
/// schemas/drift-report.schema.json, and read back unchanged.
@Suite struct DriftReportCodingTests {
    static func reports() throws -> [DriftReport] {
        let from = Date(timeIntervalSince1970: 1_759_276_800)  // 2025-10-01T00:00:00Z
        let window = DriftWindow(
            label: "week 40", from: from, to: from.addingTimeInterval(7 * 86_400),
            offsets: [DriftWindow.OffsetRange(topic: "movielog1", partition: 0, from: 0, to: 50_000)])
        let reference = try DriftWindowSummary(
            window: window, ratingCounts: RatingCounts([10, 20, 30, 20, 20]),
            movieInteractions: ["the+matrix+1999": 30, "aliens+1986": 10], userInteractions: [1: 25, 2: 15])
        var current = reference
        current.window = DriftWindow(label: "offsets 50000..")
        current.movieInteractions = ["aliens+1986": 30, "airplane+1980": 10]
        let empty = try DriftWindowSummary(
            window: DriftWindow(label: "empty"), ratingCounts: RatingCounts(), movieInteractions: [:],
            userInteractions: [:])
        let monitor = DriftMonitor()
        return [
            monitor.report(reference: reference, current: reference),
            monitor.report(reference: reference, current: current),
            monitor.report(reference: nil, current: current),
            monitor.report(reference: nil, current: empty),
        ]
    }

    @Test func reportsValidateAgainstTheSchema() throws {
        let schema = try SchemaSet(directory: Repository.schemas).schema(named: "drift-report")
        let reports = try Self.reports()
        #expect(Set(reports.map(\.verdict)) == [.pass, .block])
        for report in reports {
            let errors = schema.validate(try JSONValue(encoding: report))
            #expect(errors.isEmpty, "\(report.mode) \(report.verdict): \(errors)")
        }
    }

    @Test func encodingIsSnakeCaseWithExplicitNulls() throws {
        let json = try JSONValue(encoding: try Self.reports()[2])
        #expect(json["reference"] == .null)
        #expect(json["current"]?["window"]?["from"] == .null)
        #expect(json["current"]?["gini"] == .number(0.25))  // [10, 30]: (−10 + 30) / (2·40)
        #expect(json["metrics"]?.arrayValue?[1]["value"] == .null)
        #expect(json["thresholds"]?["top100_overlap"] == .object(["warn": .null, "block": .number(0.4)]))
        let window = try JSONValue(encoding: try Self.reports()[0].current.window)
        #expect(window["from"] == .string("2025-10-01T00:00:00.000Z"))
        #expect(window["offsets"]?.arrayValue?.first?["to_offset"] == .integer(50_000))
    }

    @Test func reportsDecodeBackUnchanged() throws {
        for report in try Self.reports() {
            let data = try JSONEncoder().encode(report)
            #expect(try JSONDecoder().decode(DriftReport.self, from: data) == report)
        }
    }

    @Test func thresholdsDecodeWithDefaultsForMissingKeys() throws {
        let json = #"{"gini_delta": {"warn": 0.05, "block": 0.2}, "minimum_interactions": 1000}"#
        let thresholds = try JSONDecoder().decode(DriftThresholds.self, from: Data(json.utf8))
        var expected = DriftThresholds()
        expected.giniDelta = DriftThresholds.Limit(warn: 0.05, block: 0.2)
        expected.minimumInteractions = 1000
        #expect(thresholds == expected)
        #expect(try JSONDecoder().decode(DriftThresholds.self, from: Data("{}".utf8)) == DriftThresholds())
    }

    @Test func defaultThresholdsAreTheIssuesNumbers() {
        let defaults = DriftThresholds()
        #expect(defaults.top100Overlap == DriftThresholds.Limit(warn: nil, block: 0.40))
        #expect(defaults.top100ShareDelta == DriftThresholds.Limit(warn: 0.10, block: 0.15))
        #expect(defaults.top10ShareDelta == DriftThresholds.Limit(warn: 0.05, block: 0.08))
        #expect(defaults.giniDelta == DriftThresholds.Limit(warn: 0.06, block: 0.10))
        #expect(defaults.ratingPSI == DriftThresholds.Limit(warn: 0.10, block: 0.25))
        #expect(defaults.userActivityPSI == DriftThresholds.Limit(warn: 0.10, block: 0.25))
        #expect(defaults.minimumInteractions == 1)
    }
}
