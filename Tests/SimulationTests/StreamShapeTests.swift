import MovieLog
import Simulation
import Testing

/// The stream has the promised size, mix and shape.
@Suite struct StreamShapeTests {
    static let stream = GeneratedLine.generate(StreamGenerator.Configuration())

    @Test(arguments: [0, 1, 7, 2_000])
    func emitsExactlyTheConfiguredNumberOfLines(count: Int) {
        let (lines, truth) = StreamGenerator(configuration: .init(lines: count)).lines()
        #expect(lines.count == count)
        #expect(truth.lines == count)
    }

    @Test func ratesAreRoughlyRespected() {
        let (lines, truth, _) = Self.stream
        let total = Double(lines.count)
        var recommendations = 0
        var ratings = 0
        var duplicates = 0
        for line in lines {
            switch line.intent {
            case .recommendation: recommendations += 1
            case .rating, .olderRating, .sameMicrosecondRating: ratings += 1
            case .duplicateRecommendation: duplicates += 1
            default: break
            }
        }
        let clean = total - Double(truth.dirtyLines)
        #expect(abs(Double(truth.dirtyLines) / total - 0.02) < 0.003)
        #expect(abs(Double(recommendations) / clean - 0.10) < 0.01)
        #expect(abs(Double(ratings) / clean - 0.05) < 0.007)
        #expect(abs(Double(duplicates) / Double(recommendations) - 0.01) < 0.004)
        #expect(Double(truth.recommendationsOK) / Double(truth.recommendationEvents) > 0.85)
    }

    @Test func timesAreIn2025AndEveryFormatAppears() throws {
        let (lines, _, _) = Self.stream
        let start = StreamGenerator.Configuration().start
        let newYear = try #require(Timestamp(year: 2026, month: 1, day: 1, hour: 0, minute: 0))
        var widths: Set<Int> = []
        for line in lines {
            guard let event = line.event else { continue }
            #expect(event.time >= start.adding(seconds: -3 * 3600) && event.time < newYear)
            widths.insert(line.bytes.firstIndex(of: UInt8(ascii: ","))!)
        }
        // Minutes only, seconds, and fractions of 3, 6 and 9 digits.
        #expect(widths == [16, 19, 23, 26, 29])
        let first = try #require(lines.first?.event?.time)
        let last = try #require(lines.last(where: { $0.intent == .watch })?.event?.time)
        #expect(last.seconds - first.seconds > 10 * 3600)
    }

    @Test func eachUsersInOrderLinesAreInTimeOrder() {
        let (lines, _, _) = Self.stream
        var latest: [Int64: Timestamp] = [:]
        var counts: [LineIntent: Int] = [:]
        for line in lines {
            counts[line.intent, default: 0] += 1
            guard line.intent.isInUserTimeOrder, let event = line.event else { continue }
            if let previous = latest[event.userID] {
                #expect(previous <= event.time, "user \(event.userID): \(event.time) after \(previous)")
            }
            latest[event.userID] = event.time
        }
        for intent in [LineIntent.repeatedWatch, .lateWatch, .olderRating, .sameMicrosecondRating] {
            #expect(counts[intent, default: 0] > 0, "no \(intent) line")
        }
    }

    @Test func copiesFollowTheirOriginals() {
        let (lines, _, _) = Self.stream
        var recommendations: Set<[UInt8]> = []
        for (index, line) in lines.enumerated() {
            switch line.intent {
            case .recommendation:
                #expect(recommendations.insert(line.bytes).inserted, "an original recommendation line repeats")
            case .duplicateRecommendation:
                #expect(recommendations.contains(line.bytes), "a copy comes before its original")
            case .repeatedWatch:
                #expect(index > 0 && lines[index - 1].bytes == line.bytes)
            default:
                break
            }
        }
    }

    @Test func contentCoversTheFormat() {
        let (lines, _, _) = Self.stream
        var punctuation: Set<Character> = []
        var longestMovieID = 0
        var userIDs: Set<Int64> = []
        var statuses: Set<Int16> = []
        var itemCounts: Set<Int> = []
        for line in lines {
            guard let event = line.event else { continue }
            userIDs.insert(event.userID)
            var movies: [MovieID] = []
            switch event {
            case .watch(let watch): movies = [watch.movieID]
            case .rating(let rating): movies = [rating.movieID]
            case .recommendation(let recommendation):
                statuses.insert(recommendation.status)
                if recommendation.status == 200 { itemCounts.insert(recommendation.items.count) }
                movies = Array(recommendation.items)
            }
            for movie in movies {
                punctuation.formUnion(movie.rawValue.filter { "-._':&!".contains($0) })
                longestMovieID = max(longestMovieID, movie.rawValue.utf8.count)
            }
        }
        #expect(punctuation == Set("-._':&!"))
        #expect(longestMovieID == 256)
        #expect(userIDs.contains(9_999_999_999))
        #expect(userIDs.contains { $0 >= 1_000_000_000 && $0 < 9_999_999_999 })
        #expect(statuses == [0, 200, 500])
        #expect(itemCounts.contains(1) && itemCounts.contains(20))
    }

    /// Some status-200 recommendations are followed within the hour by the same user watching a
    /// listed movie, so watch-through rates are not zero.
    @Test func someRecommendationsAreWatched() {
        let (lines, _, _) = Self.stream
        var open: [Int64: (time: Timestamp, items: Set<String>)] = [:]
        var conversions = 0
        for line in lines {
            switch line.event {
            case .recommendation(let recommendation)? where recommendation.status == 200:
                open[recommendation.userID] = (recommendation.time, Set(recommendation.items.map(\.rawValue)))
            case .watch(let watch)?:
                if let last = open[watch.userID], last.items.contains(watch.movieID.rawValue),
                    watch.time > last.time, watch.time <= last.time.adding(seconds: 3600)
                {
                    conversions += 1
                    open[watch.userID] = nil
                }
            default:
                break
            }
        }
        #expect(conversions > 100)
    }
}
