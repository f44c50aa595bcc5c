import MovieLog
import Simulation
import Testing

/// The simulated audience: a seeded world whose history parses like a real log (dirty lines
/// rejected, nothing else), and whose reactions follow the users' true tastes.
@Suite struct AudienceTests {
    static let small = Audience.Configuration(seed: 3, users: 120, newUsers: 20, movies: 80, historyDays: 5)
    static let end = Timestamp(year: 2026, month: 11, day: 20, hour: 12, minute: 0)!

    static func history(_ configuration: Audience.Configuration) -> ([[UInt8]], Audience.LineCounts) {
        var lines: [[UInt8]] = []
        let counts = Audience(configuration: configuration).writeHistory(endingAt: end) { lines.append(Array($0)) }
        return (lines, counts)
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() {
        let (first, _) = Self.history(Self.small)
        let (again, _) = Self.history(Self.small)
        var other = Self.small
        other.seed = 4
        #expect(first == again)
        #expect(first != Self.history(other).0)
    }

    @Test func everyCleanLineParsesAndEveryDirtyLineIsRejected() throws {
        var configuration = Self.small
        configuration.dirtyRate = 0.05
        let (lines, counts) = Self.history(configuration)
        let parser = MovieLogParser(now: Self.end.adding(seconds: 3600))
        var watches = 0
        var ratings = 0
        var rejected = 0
        var lastTime = Timestamp(seconds: 0)
        for line in lines {
            switch parser.parse(line) {
            case .success(.watch(let watch)):
                watches += 1
                #expect(watch.time < Self.end)
                lastTime = max(lastTime, watch.time)
            case .success(.rating): ratings += 1
            case .success(let other): Issue.record("a history line that is neither watch nor rating: \(other)")
            case .failure: rejected += 1
            }
        }
        #expect(counts.lines == lines.count)
        #expect(watches == counts.watchLines && watches > 1000)
        #expect(ratings == counts.ratingLines && ratings > 0)
        #expect(rejected == counts.dirtyLines)
        #expect(Double(rejected) / Double(lines.count) > 0.03 && Double(rejected) / Double(lines.count) < 0.07)
        #expect(lastTime > Self.end.adding(seconds: -5 * 86_400))
    }

    @Test func theCatalogHasValidIdsTitlesYearsAndGenres() {
        let world = Audience(configuration: Self.small)
        #expect(world.movies.count == 80)
        #expect(Set(world.movies.map(\.id)).count == 80)
        for movie in world.movies {
            #expect(MovieID(movie.id) != nil, "\(movie.id)")
            #expect(!movie.title.isEmpty && (1920...2024).contains(movie.year) && movie.runtime >= 70)
            #expect(!movie.genres.isEmpty && movie.genres.allSatisfy(Audience.genres.contains))
        }
    }

    @Test func listsOfWhatAUserLikesConvertMoreThanListsOfWhatTheyDoNot() {
        let world = Audience(configuration: Self.small)
        var liked = 0
        var disliked = 0
        for user in 0..<world.userCount {
            // Movies the user has not watched yet (a served list leaves watched ones out), by affinity.
            let ranked = world.movies.indices.filter { world.watchChance(user: user, movie: $0) > 0 }.sorted {
                world.affinity(user: user, movie: $0) > world.affinity(user: user, movie: $1)
            }.map { world.movies[$0].id }
            let best = Array(ranked.prefix(20))
            let worst = Array(ranked.suffix(20))
            #expect(world.conversionChance(user: user, listed: best) > world.conversionChance(user: user, listed: worst))
            for serial in 0..<10 {
                let call = UInt64(user * 10 + serial)
                if world.react(user: user, listed: best, at: 0, serial: call).watched != nil { liked += 1 }
                if world.react(user: user, listed: worst, at: 0, serial: call).watched != nil { disliked += 1 }
            }
        }
        #expect(liked > 3 * disliked, "liked \(liked), disliked \(disliked)")
    }

    @Test func aReactionIsTheSameForTheSameCallAndStreamsAfterTheList() throws {
        let world = Audience(configuration: Self.small)
        let time = Self.end.nanosecondsSinceEpoch
        let listed = world.movies.prefix(20).map(\.id)
        let reactions = (0..<200).map { world.react(user: 5, listed: listed, at: time, serial: UInt64($0)) }
        #expect(reactions == (0..<200).map { world.react(user: 5, listed: listed, at: time, serial: UInt64($0)) })
        let watched = reactions.filter { $0.watched != nil }
        #expect(!watched.isEmpty)
        let parser = MovieLogParser(now: Self.end.adding(seconds: 86_000))
        for reaction in watched {
            var minute = 0
            for line in reaction.lines {
                guard case .success(.watch(let watch)) = parser.parse(line) else { continue }
                #expect(watch.time > Self.end && watch.time < Self.end.adding(seconds: 4 * 3600))
                #expect(watch.movieID.description == reaction.watched)
                #expect(Int(watch.minute) == minute)
                minute += 1
            }
            #expect(minute > 0)
        }
    }

    @Test func callsWalkThroughEveryUserBeforeAnyoneCallsTwice() {
        let world = Audience(configuration: Self.small)
        let users = (0..<UInt64(world.userCount)).map { world.requestUser(serial: $0) }
        #expect(Set(users).count == world.userCount)
    }

    @Test func aBadConfigurationNamesEveryProblem() {
        let problems = Audience.Configuration(users: 0, movies: 5, dirtyRate: 2).problems
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.contains("users") } && problems.contains { $0.contains("movies") })
    }
}
