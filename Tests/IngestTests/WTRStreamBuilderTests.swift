import Evaluation
import Ingest
import MovieLog
import Simulation
import Store
import Testing

/// The streaming join on a generated stream, restarted from its committed state after every
/// few lines: the windows must not depend on where batches end or restarts happen, must agree
/// with the batch join, and memory must stay within the window.
@Suite struct WTRStreamBuilderTests {
    /// The committed state a store would hold: window sums, pending events, watermarks, offset.
    struct Committed {
        var windows: [String: (events: Int64, ok: Int64, conversions: Int64)] = [:]
        var pending: [String: WTRCommit.PendingEvent] = [:]
        var watermarks: [Int32: Int64] = [:]
        var next: Int64 = 0

        mutating func apply(_ commit: WTRCommit) {
            for window in commit.windows {
                let key = "\(window.experimentID)/\(window.variant)/\(window.windowStart)"
                let old = windows[key] ?? (0, 0, 0)
                windows[key] = (old.events + window.events, old.ok + window.ok, old.conversions + window.conversions)
            }
            for key in commit.expired { pending[key] = nil }
            for row in commit.inserted {
                #expect(pending[row.eventKey] == nil, "inserted twice: \(row.eventKey)")
                pending[row.eventKey] = row
            }
            for key in commit.converted { pending[key]?.converted = true }
            watermarks.merge(commit.watermarks) { $1 }
            for range in commit.ranges {
                #expect(range.expectedStart == next)
                next = range.next
            }
        }

        var totals: (events: Int64, ok: Int64, conversions: Int64) {
            windows.values.reduce((0, 0, 0)) { ($0.0 + $1.events, $0.1 + $1.ok, $0.2 + $1.conversions) }
        }
    }

    static let lines: [[UInt8]] = {
        var configuration = StreamGenerator.Configuration()
        configuration.seed = 5
        configuration.lines = 30_000
        configuration.users = 300
        configuration.movies = 200
        configuration.duplicateRate = 0.03
        return StreamGenerator(configuration: configuration).lines().lines
    }()

    static let parser = MovieLogParser(now: Timestamp(seconds: 4_000_000_000))

    /// Runs the stream committing every `batch` lines and restarting from the committed state
    /// every `restartEvery` commits (throwing away what the builder held).
    static func run(batch: Int, restartEvery: Int, served: [ServedAnswer] = []) -> (Committed, peakHeld: Int) {
        var committed = Committed()
        func fresh() -> WTRStreamBuilder {
            var builder = WTRStreamBuilder(
                groupID: "g", topic: "t", configuration: OnlineConfiguration(), lateness: 300_000_000_000,
                parser: parser)
            builder.reset(
                startOffsets: [0: committed.next], pending: Array(committed.pending.values),
                watermarks: committed.watermarks)
            return builder
        }
        var builder = fresh()
        var commits = 0
        var peak = 0
        for (offset, line) in lines.enumerated() {
            line.withUnsafeBytes { builder.add(partition: 0, offset: Int64(offset), bytes: $0) }
            if builder.lineCount == batch || offset == lines.count - 1 {
                committed.apply(builder.makeCommit(served: served))
                peak = max(peak, builder.heldEvents)
                commits += 1
                if commits % restartEvery == 0 { builder = fresh() }
            }
        }
        return (committed, peak)
    }

    @Test func windowsDoNotDependOnBatchesOrRestarts() {
        let (reference, _) = Self.run(batch: 30_000, restartEvery: 1_000)
        for (batch, restartEvery) in [(29, 5), (97, 1), (1000, 3)] {
            let (run, _) = Self.run(batch: batch, restartEvery: restartEvery)
            #expect(run.windows.keys.sorted() == reference.windows.keys.sorted(), "batch \(batch)")
            for (key, counts) in reference.windows {
                #expect(run.windows[key]! == counts, "batch \(batch), window \(key)")
            }
            #expect(run.pending.keys.sorted() == reference.pending.keys.sorted())
        }
    }

    @Test func agreesWithTheBatchJoinExceptForWatchesLoggedBeforeTheirEvent() {
        var join = WTRBatchJoin(configuration: OnlineConfiguration())
        var reader = LogLineReader(parser: Self.parser)
        for line in Self.lines { line.withUnsafeBytes { reader.read($0, into: &join) } }
        let batch = join.tally(served: []).overall
        let stream = Self.run(batch: 2000, restartEvery: 2).0.totals
        #expect(stream.events == Int64(batch.events))
        #expect(stream.ok == Int64(batch.ok))
        #expect(batch.conversions > 100)
        // A watch can only be missed by the stream, never invented.
        #expect(stream.conversions <= Int64(batch.conversions))
        #expect(Double(stream.conversions) >= 0.97 * Double(batch.conversions))
    }

    @Test func memoryIsBoundedByTheWindow() {
        let (run, peak) = Self.run(batch: 500, restartEvery: 1_000)
        let events = Int(run.totals.events)
        #expect(events > 2000)
        // The generated stream spans many hours; only the last window (+ lateness) is held.
        #expect(peak < events / 3, "held \(peak) of \(events) events")
    }

    @Test func servedAnswersAreClaimedOnceAcrossBatches() {
        // Every status-200 event gets an answer served 100 ms before it; a second, identical
        // answer set must not attribute any event twice.
        var answers: [ServedAnswer] = []
        for line in Self.lines {
            guard case .success(.recommendation(let event)) = line.withUnsafeBytes({ Self.parser.parse($0) }),
                event.status == 200
            else { continue }
            let at = event.time.nanosecondsSinceEpoch - 100_000_000
            answers.append(
                ServedAnswer(
                    requestID: "r\(answers.count)", userID: event.userID, at: at, experimentID: "e",
                    variant: event.userID % 2 == 0 ? "a" : "b", modelVersion: "m", items: event.items.joined))
        }
        let (whole, _) = Self.run(batch: 30_000, restartEvery: 1_000, served: answers)
        let (pieces, _) = Self.run(batch: 450, restartEvery: 2, served: answers)
        for (key, counts) in whole.windows { #expect(pieces.windows[key]! == counts, "\(key)") }
        let attributed = whole.windows.filter { !$0.key.hasPrefix("/") }.values.reduce(0) { $0 + $1.ok }
        let unattributedOK = whole.windows.filter { $0.key.hasPrefix("/") }.values.reduce(0) { $0 + $1.ok }
        #expect(attributed > 0)
        // Duplicated lines are dropped before attribution, so every ok event has its answer.
        #expect(unattributedOK == 0)
    }
}
