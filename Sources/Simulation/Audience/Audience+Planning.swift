import Foundation

extension Audience {
    /// `count` movies, most popular first: slugs and runtimes as the stream generator makes
    /// them, a title from the slug's words, the year it ends in, one to three genres (drama and
    /// comedy most often) and a taste along its genres.
    static func catalog(_ count: Int, genreTastes: [TasteVector], random: inout Xoshiro256StarStar) -> [Movie] {
        let catalog = Catalog(count: count, random: &random)
        return (0..<count).map { index in
            let slug = catalog.name(index)
            var words = slug.split(separator: "+").map(String.init)
            let year = words.last.flatMap { Int($0) } ?? 2000
            if words.count > 1, Int(words[words.count - 1]) != nil { words.removeLast() }
            let title = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
            var genreIndices: [Int] = []
            for _ in 0..<random.number(in: 1...3) {
                // Squaring a uniform draw favours the low indices; Drama and Comedy move there.
                let draw = Int(random.unit() * random.unit() * Double(genres.count))
                let genre = [7, 4, 0, 15, 13, 1, 5, 14, 10, 2, 3, 8, 9, 11, 12, 16, 17, 6][draw]
                if !genreIndices.contains(genre) { genreIndices.append(genre) }
            }
            var genreTaste = TasteVector(values: Array(repeating: 0, count: TasteVector.dimensions))
            for genre in genreIndices { genreTaste = genreTaste.adding(genreTastes[genre]) }
            let taste = TasteVector.random(using: &random).adding(genreTaste.normalized(), scale: 0.6)
            return Movie(
                id: slug, title: title, year: year, genres: genreIndices.sorted().map { genres[$0] },
                runtime: catalog.runtimes[index], appeal: 1 - Float(index) / Float(count),
                taste: taste.normalized(), idBytes: catalog.slugs[index])
        }
    }

    /// A user's history: about `sessionsPerUser × activity` sessions spread over the history
    /// span without overlapping; each picks, among 40 candidates (half of them drawn toward
    /// popular movies),
    /// the unseen one of highest affinity plus Gumbel noise; it watches more of a movie it likes
    /// more, and rates some.
    static func planHistory(
        of user: Int, _ viewer: Viewer, _ movies: [Movie], _ configuration: Configuration,
        random: inout Xoshiro256StarStar
    ) -> [PlannedSession] {
        let span = Int64(configuration.historyDays) * 86_400_000_000_000
        let wanted = max(1, Int((configuration.sessionsPerUser * viewer.activity * (0.5 + random.unit())).rounded()))
        var starts = (0..<wanted).map { _ in Int64(random.unit() * Double(span - 4 * 3_600_000_000_000)) }
        starts.sort()
        var sessions: [PlannedSession] = []
        var seen: Set<Int> = []
        var free: Int64 = 0
        for start in starts where start >= free {
            var best = -1
            var bestScore = -Double.infinity
            for _ in 0..<40 {
                let uniform = random.below(movies.count)
                let candidate = random.chance(0.5) ? uniform : uniform * random.below(movies.count) / movies.count
                guard !seen.contains(candidate) else { continue }
                let affinity = Double(viewer.taste.dot(movies[candidate].taste))
                    + 0.25 * (Double(movies[candidate].appeal) - 0.5)
                let score = 5 * affinity - log(-log(max(random.unit(), 1e-12)))
                if score > bestScore {
                    best = candidate
                    bestScore = score
                }
            }
            guard best >= 0 else { continue }
            seen.insert(best)
            let affinity = Double(viewer.taste.dot(movies[best].taste)) + 0.25 * (Double(movies[best].appeal) - 0.5)
            let minutes = watchedMinutes(affinity: affinity, runtime: movies[best].runtime, random: &random)
            var rating: Int8 = 0
            if random.chance(configuration.ratingChance) {
                rating = Int8(max(1, min(5, (3 + 2.2 * affinity + 0.6 * random.gaussian()).rounded())))
            }
            sessions.append(PlannedSession(movie: Int32(best), offset: start, minutes: Int16(minutes), rating: rating))
            free = start + Int64(minutes + 30) * 60_000_000_000
        }
        return sessions
    }

    /// How many minutes a session streams: a larger share of the runtime the more the user
    /// likes the movie, at least one.
    static func watchedMinutes(affinity: Double, runtime: Int, random: inout Xoshiro256StarStar) -> Int {
        let share = max(0.03, min(1, 0.05 + 0.4 * (affinity + 0.1) + 0.1 * random.gaussian()))
        return max(1, Int(share * Double(runtime)))
    }

    /// A time format for a line: seconds or finer (a minutes-only time could print a minute
    /// line before the recommendation it follows).
    static func lineFormat(using random: inout Xoshiro256StarStar) -> TimeFormat {
        switch random.below(10) {
        case 0, 1: .seconds
        case 2: .milliseconds
        case 3: .nanoseconds
        default: .microseconds
        }
    }
}
