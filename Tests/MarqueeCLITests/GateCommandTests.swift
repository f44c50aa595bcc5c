import Foundation
import MarqueeTesting
import Testing

/// The gate as an operator drives it: `validate` and `drift` judge the data, `train` refuses
/// while the newest verdict blocks, and an override with a reason lands in the manifest.
@Suite struct GateCommandTests {
    /// A log whose day 1 watches follow one popularity order over 300 movies and whose day 2
    /// watches follow the reverse: day 1's top 100 are day 2's bottom 100 (popularity swapped).
    static func swappedLog(users: Int = 300, movies: Int = 300) -> (text: String, day1Lines: Int) {
        var day1: [String] = []
        var day2: [String] = []
        var state: UInt64 = 7
        for user in 1...users {
            // Each user watches 6 movies, drawn with a steep preference for low ranks (u³).
            for pick in 0..<6 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let u = Double(state >> 11) / Double(1 << 53)
                let rank = Int(Double(movies) * u * u * u)
                day1.append("2026-01-01T10:\(String(format: "%02d", pick)):00,\(user),GET /data/m/movie+\(rank)/0.mpg")
                day2.append(
                    "2026-01-02T10:\(String(format: "%02d", pick)):00,\(user),GET /data/m/movie+\(movies - 1 - rank)/0.mpg"
                )
            }
            day1.append("2026-01-01T11:00:00,\(user),GET /rate/movie+\(user % movies)=\(1 + user % 5)")
            day2.append("2026-01-02T11:00:00,\(user),GET /rate/movie+\(user % movies)=\(1 + user % 5)")
        }
        return ((day1 + day2).joined(separator: "\n") + "\n", day1.count)
    }

    static func run(_ arguments: [String], _ url: String) async throws -> (Int32, String, String) {
        let child = try ChildProcess(arguments + ["--log-level", "warning"], environment: ["DATABASE_URL": url])
        let status = await child.wait()
        return (status, child.outputText, child.errorText)
    }

    @Test(.timeLimit(.minutes(3)))
    func aSwappedPopularityWindowBlocksTrainingUntilOverridden() async throws {
        try await TestDatabase.withFreshDatabase { _, url in
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-swap-\(UUID()).log")
            let (text, day1) = Self.swappedLog()
            try text.write(to: log, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: log) }
            let models = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-models-\(UUID())").path
            var (status, output, errors) = try await Self.run(["ingest", "--file", log.path], url)
            #expect(status == 0, "\(errors)")

            (status, output, errors) = try await Self.run(["validate"], url)
            #expect(status == 0 && output.contains("verdict pass"), "\(output)\(errors)")

            // The same window against itself: nothing moved.
            (status, output, errors) = try await Self.run(
                ["drift", "--reference", "2026-01-01..2026-01-02", "--current", "2026-01-01..2026-01-02"], url)
            #expect(status == 0 && output.contains(": pass"), "\(output)\(errors)")

            // Day 2 against day 1, by time (Postgres) and by line numbers (the raw log): blocked.
            (status, output, errors) = try await Self.run(
                [
                    "drift", "--reference", "file:\(log.path)@1..\(day1 + 1)", "--current",
                    "file:\(log.path)@\(day1 + 1)..",
                ],
                url)
            #expect(status == 2 && output.contains("block"), "\(output)\(errors)")
            let report = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-drift-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: report) }
            (status, output, errors) = try await Self.run(
                [
                    "drift", "--reference", "2026-01-01..2026-01-02", "--current", "2026-01-02..2026-01-03", "--report",
                    report.path,
                ], url)
            #expect(status == 2, "\(output)\(errors)")
            #expect(output.contains("block — ") && output.contains("top100_overlap = "), "\(output)")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
            #expect(json?["verdict"] as? String == "block" && json?["mode"] as? String == "compare")

            (status, output, errors) = try await Self.run(["train", "popgenre", "--models-dir", models], url)
            #expect(status != 0)
            #expect(errors.contains("training refused: drift report"), "\(errors)")
            #expect(errors.contains("--override-gate --reason"), "\(errors)")

            (status, output, errors) = try await Self.run(
                ["train", "popgenre", "--models-dir", models, "--override-gate", "--reason", "known catalog swap"], url)
            #expect(status == 0, "\(errors)")
            #expect(output.contains("override known catalog swap"), "\(output)")
            let version = try #require(
                output.split(separator: "\n").first?.split(separator: " ").dropFirst().first.map(String.init))
            (status, output, errors) = try await Self.run(["models", version], url)
            #expect(
                status == 0 && output.contains(#""override": {"reason": "known catalog swap"}"#), "\(output)\(errors)")
            (status, output, errors) = try await Self.run(["promote", version], url)
            #expect(status != 0 && errors.contains("promotion of \(version) refused"), "\(errors)")
            (status, output, errors) = try await Self.run(["models"], url)
            #expect(output.contains(version) && output.contains("candidate"), "\(output)")
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func validateExitsTwoAboveTheRejectLimitAndReportsRulesWithExamples() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-rows-\(UUID()).jsonl")
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-report-\(UUID()).json")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: report)
        }
        let good = #"{"user_id": 1, "movie_id": "up+2009", "rating": 4, "at": "2026-01-01T10:00:00Z"}"#
        let rows =
            Array(repeating: good, count: 8) + [
                #"{"user_id": 1, "movie_id": "up+2009", "rating": 7, "at": "2026-01-01T10:00:00Z"}"#,
                #"{"user_id": 1, "movie_id": "Up 2009", "rating": 4, "at": "2026-01-01T10:00:00Z"}"#,
                "not json",
            ]
        try rows.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["validate", "--file", file.path, "--schema", "rating", "--report", report.path]
        var (status, output, errors) = try await Self.run(arguments + ["--max-reject-rate", "0.2"], "")
        #expect(status == 2, "\(output)\(errors)")
        #expect(output.contains("11 rows, 8 clean, 3 rejected") && output.contains("rating/maximum"), "\(output)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        #expect(json?["reject_rows"] as? Int == 3 && json?["verdict"] as? String == "block")
        (status, output, errors) = try await Self.run(arguments + ["--max-reject-rate", "0.3"], "")
        #expect(status == 0 && output.contains("verdict warn"), "\(output)\(errors)")
    }
}

/// The manifest's data hash follows the ingested data: the same data gives the same hash,
/// one more ingested line changes it.
@Suite struct ManifestDataHashTests {
    static func train(_ url: String, models: String) async throws -> [String: Any] {
        let (status, output, errors) = try await GateCommandTests.run(
            ["train", "als", "--factors", "8", "--iterations", "3", "--no-evaluate", "--models-dir", models], url)
        #expect(status == 0, "\(errors)")
        let version = try #require(output.split(separator: "\n").first?.split(separator: " ").dropFirst().first)
        let (_, manifest, _) = try await GateCommandTests.run(["models", String(version)], url)
        return try #require(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(3)))
    func sameDataSameHashAndOneMoreIngestedLineChangesIt() async throws {
        try await TestDatabase.withFreshDatabase { _, url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-hash-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let day = directory.appendingPathComponent("day.log")
            try GateCommandTests.swappedLog(users: 60).text.write(to: day, atomically: true, encoding: .utf8)
            let more = directory.appendingPathComponent("more.log")
            try "2026-01-03T09:00:00,61,GET /data/m/movie+5/0.mpg\n".write(to: more, atomically: true, encoding: .utf8)
            let models = directory.appendingPathComponent("models").path

            #expect(try await GateCommandTests.run(["ingest", "--file", day.path], url).0 == 0)
            let first = try await Self.train(url, models: models)
            let second = try await Self.train(url, models: models)
            let hash = { (manifest: [String: Any]) in (manifest["data"] as? [String: Any])?["content_hash"] as? String }
            #expect(hash(first) != nil && hash(first) == hash(second))
            #expect(first["version"] as? String != second["version"] as? String)

            #expect(try await GateCommandTests.run(["ingest", "--file", more.path], url).0 == 0)
            let third = try await Self.train(url, models: models)
            #expect(hash(third) != nil && hash(third) != hash(first))
            let rows = { (manifest: [String: Any]) in (manifest["data"] as? [String: Any])?["rows"] as? Int }
            #expect(rows(third) == (rows(first) ?? 0) + 1)
        }
    }
}
