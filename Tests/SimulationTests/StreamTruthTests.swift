import MovieLog
import Simulation
import Testing

/// The truth the generator reports is what an independent ingest of its lines ends up with.
@Suite struct StreamTruthTests {
    static let configurations: [StreamGenerator.Configuration] = [
        StreamGenerator.Configuration(),
        StreamGenerator.Configuration(seed: 7, lines: 20_000, dirtyRate: 0.05, duplicateRate: 0.05),
        // Fewer movies than the fixed ids and than a full recommendation list; three users.
        StreamGenerator.Configuration(seed: 3, users: 3, movies: 5, lines: 5_000, ratingShare: 0.2),
    ]

    @Test(arguments: configurations)
    func truthMatchesAnIndependentIngest(configuration: StreamGenerator.Configuration) {
        let (lines, truth, ingested) = GeneratedLine.generate(configuration)
        #expect(lines.count == configuration.lines)
        #expect(truth.lines == ingested.lines)
        #expect(truth.validLines == ingested.validLines)
        #expect(truth.dirtyLines == ingested.dirtyLines)
        #expect(truth.recommendationEvents == ingested.recommendationEvents)
        #expect(truth.recommendationsOK == ingested.recommendationsOK)
        #expect(truth.quarantinedByRule == ingested.quarantinedByRule)
        #expect(truth.interactions.count == ingested.interactions.count)
        let differing = truth.interactions.filter { ingested.interactions[$0.key] != $0.value }
        #expect(differing.isEmpty, "first differing pairs: \(differing.prefix(3))")
        #expect(truth == ingested)
    }

    @Test func countsAddUp() {
        let truth = StreamGenerator(configuration: .init(seed: 11, lines: 20_000, duplicateRate: 0.05)).lines().truth
        let duplicates = truth.quarantinedByRule["duplicate"] ?? 0
        #expect(duplicates > 0)
        #expect(truth.validLines + truth.dirtyLines + duplicates == truth.lines)
        #expect(truth.quarantinedByRule.values.reduce(0, +) == truth.dirtyLines + duplicates)
    }

    @Test func everyLineGetsTheOutcomeItsLabelPromises() {
        let (lines, _, _) = GeneratedLine.generate(.init(seed: 5, lines: 20_000, dirtyRate: 0.05, duplicateRate: 0.05))
        for line in lines {
            switch (line.intent, line.outcome) {
            case (.dirty, .quarantined(let code)):
                #expect(code != .duplicate)
            case (.duplicateRecommendation, .quarantined(let code)):
                #expect(code == .duplicate)
            case (.watch, .stored(.watch)), (.repeatedWatch, .stored(.watch)), (.lateWatch, .stored(.watch)),
                (.rating, .stored(.rating)), (.olderRating, .stored(.rating)),
                (.sameMicrosecondRating, .stored(.rating)),
                (.recommendation, .stored(.recommendation)):
                break
            default:
                Issue.record("\(line.intent) line got \(line.outcome): \(String(decoding: line.bytes, as: UTF8.self))")
            }
        }
    }

    /// The tricky rating cases appear, and the truth reflects their rule.
    @Test func ratingConflictsAreResolvedByTimeThenStreamOrder() {
        let (lines, truth, _) = GeneratedLine.generate(.init(seed: 13, lines: 50_000, ratingShare: 0.2))
        var olderLost = 0
        var sameMicrosecondWon = 0
        var sameMicrosecondWithSmallerNanoseconds = 0
        var latest: [InteractionKey: Timestamp] = [:]
        for line in lines {
            guard case .rating(let rating)? = line.event else { continue }
            let key = InteractionKey(userID: rating.userID, movieID: rating.movieID.rawValue)
            let previous = latest[key]
            switch line.intent {
            case .olderRating:
                #expect(previous.map { rating.time < $0 } ?? false)
                olderLost += 1
            case .sameMicrosecondRating:
                #expect(previous?.microsecondsSinceEpoch == rating.time.microsecondsSinceEpoch)
                if let previous, rating.time < previous { sameMicrosecondWithSmallerNanoseconds += 1 }
                sameMicrosecondWon += 1
                latest[key] = rating.time
            default:
                latest[key] = max(previous ?? rating.time, rating.time)
            }
        }
        #expect(olderLost > 10)
        #expect(sameMicrosecondWon > 5)
        #expect(sameMicrosecondWithSmallerNanoseconds > 0)
        let ratingOnly = truth.interactions.values.filter { $0.rating != nil && $0.minutesWatched == 0 }
        #expect(!ratingOnly.isEmpty)
        #expect(ratingOnly.allSatisfy { $0.firstWatch == nil && $0.lastWatch == nil })
    }
}

extension StreamGenerator.Configuration: CustomTestStringConvertible {
    public var testDescription: String { "seed \(seed), \(lines) lines, \(users) users, \(movies) movies" }
}
