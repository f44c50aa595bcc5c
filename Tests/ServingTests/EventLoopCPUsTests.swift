import Foundation
import MarqueeTesting
import Serving
import Testing

/// `--event-loop-cpus`: which lists are taken, how a wrong one is refused, and that a server
/// started with it answers from event loops each kept on its own CPU. `--event-loops`: a server
/// answers from as many loops as it is given and, told nothing, from one per usable core but one.
@Suite struct EventLoopCPUsTests {
    @Test func autoTakesEveryAllowedCPUAndListsTakeIdsAndRanges() throws {
        #expect(try EventLoopCPUs(parsing: "auto", allowed: [0, 1, 2, 3]).ids == [0, 1, 2, 3])
        #expect(try EventLoopCPUs(parsing: "2,0", allowed: [0, 1, 2, 3]).ids == [0, 2])
        #expect(try EventLoopCPUs(parsing: "0-2,1", allowed: [0, 1, 2, 3]).ids == [0, 1, 2])
        #expect(try EventLoopCPUs(parsing: " 3 ", allowed: [0, 1, 2, 3]).ids == [3])
    }

    @Test func aWrongListIsRefusedWithWhatTheProcessMayUse() {
        for text in ["", "x", "1-0", "0,,1", "-1", "0-", "1.5"] {
            #expect(throws: ServingError.self, "\(text)") { try EventLoopCPUs(parsing: text, allowed: [0, 1]) }
        }
        do {
            _ = try EventLoopCPUs(parsing: "0,7", allowed: [0, 1])
            Issue.record("CPU 7 is not allowed and must be refused")
        } catch {
            #expect(error.message.contains("CPU 7"))
            #expect(error.message.contains("0,1"))
        }
        #expect(throws: ServingError.self) { try EventLoopCPUs(parsing: "auto", allowed: []) }
    }

    @Test func thisProcessKnowsWhichCPUsItMayUse() {
        let allowed = EventLoopCPUs.allowed()
        #expect(!allowed.isEmpty)
        #expect(allowed.count <= ProcessInfo.processInfo.processorCount)
    }

    @Test func aServerWithPinnedEventLoopsAnswersAndEachLoopStaysOnItsCPU() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let config = try ServingFixture.configFile(ServingFixture.experiment(id: "pinned", als: 100, popGenre: 0))
            let server = try await ServerProcess.start(
                databaseURL: url, config: config, arguments: ["--event-loop-cpus", "auto"])
            let answer = try await server.get("/recommend/3")
            #expect(answer.status == 200)
            #expect(answer.body.split(separator: ",").count == 20)
            #expect(answer.header("X-Marquee-Variant") == "als")
            // One event-loop thread per allowed CPU, each allowed on that CPU alone.
            let pinned = Self.eventLoopThreadCPUs(pid: server.process.processIdentifier)
                .filter { $0.count == 1 }.map { $0[0] }
            #expect(Set(pinned) == Set(EventLoopCPUs.allowed()), "pinned event loops: \(pinned)")
            #expect(await server.stop() == 0)
        }
    }

    @Test func serveRefusesACPUItMayNotUseAndSaysWhichItMay() async throws {
        let serve = try ChildProcess(["serve", "--config", "unused.json", "--event-loop-cpus", "4095"])
        #expect(await serve.wait() != 0)
        #expect(serve.errorText.contains("CPU 4095"))
        #expect(serve.errorText.contains("may run on"))
    }

    @Test func aServerWithThreeEventLoopsAnswersFromThreeLoops() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let config = try ServingFixture.configFile(ServingFixture.experiment(id: "three", als: 100, popGenre: 0))
            let server = try await ServerProcess.start(databaseURL: url, config: config, arguments: ["--event-loops", "3"])
            for uid in 1...6 {
                let answer = try await server.get("/recommend/\(uid)")
                #expect(answer.status == 200)
                #expect(answer.body.split(separator: ",").count == 20)
            }
            // Threads are named NIO-ELT-<group>-#<loop>: one group of three loops (the served log's
            // Postgres client has a group of one).
            let groups = Dictionary(grouping: Self.threads(pid: server.process.processIdentifier).map(\.name)) {
                $0.split(separator: "#").first.map(String.init) ?? $0
            }.mapValues(\.count)
            #expect(groups.filter { $0.key.hasPrefix("NIO-ELT-") }.values.contains(3), "threads: \(groups)")
            #expect(await server.stop() == 0)
        }
    }

    @Test func theDefaultLeavesOneCoreAndKeepsAtLeastOneLoop() {
        #expect(ServingConfiguration.defaultEventLoopCount(usableCores: 1) == 1)
        #expect(ServingConfiguration.defaultEventLoopCount(usableCores: 2) == 1)
        #expect(ServingConfiguration.defaultEventLoopCount(usableCores: 16) == 15)
        #expect((1...ProcessInfo.processInfo.activeProcessorCount).contains(UsableCores.count))
    }

    @Test func aServerToldNothingAnswersFromOneLoopPerUsableCoreButOne() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let config = try ServingFixture.configFile(ServingFixture.experiment(id: "default", als: 100, popGenre: 0))
            let server = try await ServerProcess.start(databaseURL: url, config: config)
            #expect(try await server.get("/recommend/1").status == 200)
            let names = Self.threads(pid: server.process.processIdentifier).map(\.name)
            let loops = names.filter { $0.hasPrefix("NIO-ELT-") }.count
            // The answering group and the served log's Postgres client, a group of one.
            let expected = ServingConfiguration.defaultEventLoopCount(usableCores: UsableCores.count) + 1
            #expect(loops == expected, "threads: \(names.sorted())")
            #expect(await server.stop() == 0)
        }
    }

    @Test func serveRefusesALoopCountItCannotUse() async throws {
        for arguments in [["--event-loops", "0"], ["--event-loops", "2", "--event-loop-cpus", "auto"]] {
            let serve = try ChildProcess(["serve", "--config", "unused.json"] + arguments)
            #expect(await serve.wait() != 0)
            #expect(serve.errorText.contains("--event-loops"), "\(arguments): \(serve.errorText)")
        }
    }

    /// `pid`'s threads: each one's folder under `/proc` and its name.
    static func threads(pid: Int32) -> [(folder: String, name: String)] {
        let tasks = "/proc/\(pid)/task"
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        return threads.compactMap { thread in
            guard let name = try? String(contentsOfFile: "\(tasks)/\(thread)/comm", encoding: .utf8) else { return nil }
            return ("\(tasks)/\(thread)", name.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// The CPUs each of `pid`'s NIO event-loop threads may run on.
    static func eventLoopThreadCPUs(pid: Int32) -> [[Int]] {
        threads(pid: pid).filter { $0.name.hasPrefix("NIO-ELT") }.map {
            EventLoopCPUs.allowed(statusFile: "\($0.folder)/status")
        }
    }
}
