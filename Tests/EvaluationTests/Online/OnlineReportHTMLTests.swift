import Evaluation
import Foundation
import MovieLog
import Quality
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The online report as a page a person reads (rendered by a real headless Chromium) and as
/// JSON that `schemas/online-report.schema.json` accepts.
@Suite struct OnlineReportHTMLTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let chartIDs = ["wtr-over-time", "traffic-split", "client-latency"]
    /// 2025-10-01T10:00:00Z.
    static let start: Int64 = 1_759_312_800
    static let plan = ExperimentPlan(id: "home-row", variants: [("control", 1), ("als-v2", 1)])

    /// Two variants over six hourly buckets (about 14 % and 25 % WTR, a few failures and slow
    /// calls), and five unattributed events an hour.
    static func tally(control: String = "control", treatment: String = "als-v2", hours: Int = 6) -> OnlineTally {
        var tally = OnlineTally()
        let configuration = OnlineConfiguration()
        for hour in 0..<hours {
            for i in 0..<400 {
                let at = (start + Int64(hour * 3600 + i * 9)) * 1_000_000_000
                let treated = i % 2 == 1
                let latency = (treated ? 35 + (i * 53) % 260 : 30 + (i * 37) % 180) + (i % 41 == 0 ? 1500 : 0)
                tally.record(
                    arm: Arm(experimentID: "home-row", variant: treated ? treatment : control),
                    modelVersion: treated ? "als-2025-10-01" : "popgenre-2025-09-20", at: at,
                    status: i % 37 == 0 ? 500 : 200, latencyMilliseconds: Int32(latency),
                    converted: (i / 2 + hour) % (treated ? 4 : 7) == 0, bucketStart: configuration.bucket(of: at))
            }
            for i in 0..<5 {
                let at = (start + Int64(hour * 3600 + 100 + i * 600)) * 1_000_000_000
                tally.record(
                    arm: nil, modelVersion: nil, at: at, status: i == 4 ? 0 : 200,
                    latencyMilliseconds: Int32(80 + i * 90),
                    converted: i == 0, bucketStart: configuration.bucket(of: at))
            }
        }
        return tally
    }

    static func report(
        _ tally: OnlineTally = tally(), plan: ExperimentPlan? = plan, lines: OnlineReport.Lines? = nil
    ) -> OnlineReport {
        OnlineReport(
            tally: tally, plan: plan, source: .init(kind: "file", description: "data/movielog-sample.log"),
            configuration: OnlineConfiguration(), lines: lines, generatedAt: Timestamp(seconds: start + 7 * 3600))
    }

    /// The JSON as `marquee evaluate online` writes it.
    static func cliJSON(_ report: OnlineReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(report)
    }

    /// The `<svg id="…">…</svg>` element of `page`, nil when missing.
    static func svg(_ id: String, in page: String) -> String? {
        guard let open = page.range(of: "<svg id=\"\(id)\""),
            let close = page.range(of: "</svg>", range: open.upperBound..<page.endIndex)
        else { return nil }
        return String(page[open.lowerBound..<close.upperBound])
    }

    static func points(in svg: String) -> Int { svg.components(separatedBy: "class=\"point\"").count - 1 }

    /// Whether `page` parses as XML (the page is written to be well-formed).
    static func isWellFormed(_ page: String) -> Bool { XMLParser(data: Data(page.utf8)).parse() }

    @Test func rendersInHeadlessChromium() async throws {
        let report = Self.report()
        #expect(report.verdict.kind == "winner")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("online-report-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("online-report.html")
        try report.html().write(to: page, atomically: true, encoding: .utf8)
        let chromium = try #require(
            Chromium.executable(),
            "no chromium on PATH: run scripts/deps.sh (it installs Debian's chromium package) to render the report")

        let dom = try await Chromium.run(chromium, ["--dump-dom", page.absoluteString])
        #expect(dom.contains(Chromium.serialized(report.verdict.sentence)), "the verdict is missing from the DOM")
        for name in ["control", "als-v2", "unattributed", "overall"] {
            #expect(dom.contains(">\(name)"), "\(name) is missing from the DOM")
        }
        for id in Self.chartIDs {
            let svg = try #require(Self.svg(id, in: dom), "no <svg id=\"\(id)\"> in the DOM")
            #expect(Self.points(in: svg) > 0, "\(id) has no data point")
            #expect(!svg.contains("NaN"), "\(id)")
        }

        let reports = Self.root.appendingPathComponent(".build/reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let screenshot = reports.appendingPathComponent("online-report.png")
        try? FileManager.default.removeItem(at: screenshot)
        _ = try await Chromium.run(
            chromium,
            ["--hide-scrollbars", "--screenshot=\(screenshot.path)", "--window-size=1280,2000", page.absoluteString])
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(png.count > 50_000, "a \(png.count)-byte screenshot is too small to show the report")
        try #require(png.count > 24)
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 2000, "a \(width)×\(height) screenshot")
        print("online report screenshot: \(screenshot.path)")
    }

    @Test func everyReportValidatesAgainstTheSchema() throws {
        let schema = try SchemaSet(directory: Self.root.appendingPathComponent("schemas")).schema(
            named: "online-report")
        var srm = OnlineTally()
        for i in 0..<2000 {
            let at = (Self.start + Int64(i)) * 1_000_000_000
            srm.record(
                arm: Arm(experimentID: "home-row", variant: i % 2 == 0 ? "control" : "als-v2"), modelVersion: "m",
                at: at, status: 200, latencyMilliseconds: 40, converted: i % 5 == 0, bucketStart: Self.start)
        }
        let lines = OnlineReport.Lines(
            read: 2500, watches: 100, ratings: 20, recommendations: 2380,
            rejectedByRule: ["timestamp": 3, "user_id": 1])
        let reports = [
            Self.report(lines: lines), Self.report(plan: nil), Self.report(OnlineTally()),
            Self.report(OnlineTally(), plan: nil), Self.report(Self.tally(treatment: "control")),
            Self.report(Self.tally(hours: 1)),
            Self.report(srm, plan: ExperimentPlan(id: "home-row", variants: [("control", 9), ("als-v2", 1)])),
            Self.report(Self.tally(), plan: ExperimentPlan(id: "other", variants: [("a", 1), ("b", 1)])),
        ]
        #expect(
            Set(reports.map(\.verdict.kind)) == ["winner", "no_difference_yet", "srm", "single_variant", "no_data"])
        for report in reports {
            let errors = schema.validate(try JSONValue(parsing: try Self.cliJSON(report)))
            #expect(errors.isEmpty, "\(report.verdict.kind): \(errors)")
        }

        var broken = try #require(
            try JSONSerialization.jsonObject(with: try Self.cliJSON(Self.report())) as? [String: Any])
        broken["verdict"] = ["kind": "maybe", "sentence": "?"]
        broken["overall"] = (broken["overall"] as? [String: Any] ?? [:]).merging(["wtr": 1.5]) { $1 }
        broken["extra"] = 1
        let errors = schema.validate(try JSONValue(parsing: try JSONSerialization.data(withJSONObject: broken)))
        #expect(Set(errors.map(\.instancePath)).isSuperset(of: ["", "/verdict/kind", "/overall/wtr"]), "\(errors)")
    }

    @Test func hostileVariantNamesAreEscaped() throws {
        let hostile = "<script>alert(\"x\")</script> & 'q'"
        let report = Self.report(
            Self.tally(treatment: hostile),
            plan: ExperimentPlan(id: "home-row", variants: [("control", 1), (hostile, 1)]))
        let page = report.html()
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"))
        #expect(page.contains("data-group=\"&lt;script&gt;"))
        #expect(Self.isWellFormed(page))
    }

    @Test(arguments: [OnlineReportHTMLTests.plan, nil] as [ExperimentPlan?])
    func anEmptyReportStillDrawsItsCharts(plan: ExperimentPlan?) throws {
        let report = Self.report(OnlineTally(), plan: plan)
        #expect(report.verdict.kind == "no_data")
        let page = report.html()
        #expect(Self.isWellFormed(page))
        for id in Self.chartIDs {
            let svg = try #require(Self.svg(id, in: page), "no <svg id=\"\(id)\">")
            #expect(Self.points(in: svg) == 0, "\(id)")
            #expect(svg.contains("class=\"no-data\""), "\(id)")
            for bad in ["NaN", "nan", "inf", "Infinity"] { #expect(!svg.contains(bad), "\(id): \(bad)") }
        }
    }
}

/// Headless Chromium as a child process: output goes to a file (a pipe left unread can block
/// the child) and the child is polled against a deadline.
enum Chromium {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `chromium` (Debian's name) or `chromium-browser` on PATH.
    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs `chromium --headless … arguments` with a fresh profile; its standard output.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws
        -> String
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputFile = directory.appendingPathComponent("stdout")
        let errorFile = directory.appendingPathComponent("stderr")
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        let output = try FileHandle(forWritingTo: outputFile)
        let errors = try FileHandle(forWritingTo: errorFile)
        defer {
            try? output.close()
            try? errors.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            ] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                try? await Task.sleep(for: .seconds(2))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                throw Failure(description: "chromium \(arguments.joined(separator: " ")) took over \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
            throw Failure(description: "chromium exited with \(process.terminationStatus): \(stderr.suffix(2000))")
        }
        return String(decoding: try Data(contentsOf: outputFile), as: UTF8.self)
    }

    /// `text` as Chromium writes a text node back out (`& < >` and no-break spaces escaped).
    static func serialized(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\u{A0}", with: "&nbsp;")
    }
}
