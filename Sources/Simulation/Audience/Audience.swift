import Foundation
import MovieLog

/// A simulated audience for the whole loop: users with latent tastes over a generated catalog
/// (titles, years, genres), a history of what they watched and rated before live traffic
/// starts, and how they react to a recommendation list — so a model that learns their tastes
/// shows a higher watch-through rate than one that does not.
///
/// Tastes live in an 8-dimensional space. Each genre has a random direction; a movie points
/// partly along its genres' directions and as much along a direction of its own; a user points
/// near one of sixteen taste clusters (random directions, not genres), so genres explain part
/// of a taste and what similar users watched explains more. A user's affinity for a movie is the cosine of their directions plus
/// a little of the movie's popularity (``affinity(user:movie:)``). Organic watching (the
/// history) picks, among popular candidates, the movie of highest affinity plus noise, watches
/// more of the movies it likes more and rates some of them; a reaction to a list looks down the
/// list with falling attention and watches at most one movie, with a chance that rises with
/// affinity (``watchChance(user:movie:)``).
///
/// Everything is drawn from the configuration's seed: equal configurations give equal worlds.
public struct Audience: Sendable {
    /// One movie of the catalog.
    public struct Movie: Sendable, Hashable {
        /// The movie id as the log prints it (a slug ending in the year).
        public let id: String
        public let title: String
        public let year: Int
        public let genres: [String]
        /// Length in minutes (one minute line per minute watched).
        public let runtime: Int
        /// 1 for the most popular movie, falling to 0 for the least popular.
        let appeal: Float
        let taste: TasteVector
        let idBytes: [UInt8]
    }

    /// One user: a log id and a taste.
    struct Viewer: Sendable {
        let id: Int64
        let idBytes: [UInt8]
        let taste: TasteVector
        /// Relative activity (how many sessions and live requests, on average).
        let activity: Double
    }

    /// A watch session of the history, placed relative to the history's start.
    struct PlannedSession: Sendable {
        var movie: Int32
        /// Nanoseconds after the history's start.
        var offset: Int64
        var minutes: Int16
        /// 1...5, or 0 when the session is not rated.
        var rating: Int8
    }

    /// The genres movies are drawn from (MovieLens's).
    public static let genres = [
        "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]
    /// Share of the attention a user gives each next rank of a list (rank r gets attention^r).
    static let attention = 0.6
    /// Taste clusters users are drawn around.
    static let clusters = 16

    public let configuration: Configuration
    /// The catalog, most popular first.
    public let movies: [Movie]
    /// Users with a history (`0..<configuration.users`), then new users.
    let viewers: [Viewer]
    /// The history of each user with one, in time order.
    let history: [[PlannedSession]]
    let movieIndex: [String: Int]

    /// Builds the world.
    /// - Precondition: `configuration.problems` is empty.
    public init(configuration: Configuration) {
        let problems = configuration.problems
        precondition(problems.isEmpty, "invalid audience configuration: \(problems.joined(separator: "; "))")
        self.configuration = configuration
        var random = Xoshiro256StarStar(seed: configuration.seed)
        let genreTastes = Self.genres.map { _ in TasteVector.random(using: &random) }
        movies = Self.catalog(configuration.movies, genreTastes: genreTastes, random: &random)
        movieIndex = Dictionary(uniqueKeysWithValues: movies.enumerated().map { ($1.id, $0) })
        let clusters = (0..<Self.clusters).map { _ in TasteVector.random(using: &random) }
        viewers = (0..<(configuration.users + configuration.newUsers)).map { index in
            let taste = clusters[random.below(clusters.count)].adding(TasteVector.random(using: &random), scale: 0.5)
            var line = LineBuilder()
            line.append(decimal: Int64(index + 1))
            return Viewer(
                id: Int64(index + 1), idBytes: line.bytes, taste: taste.normalized(),
                activity: 0.3 + 2.2 * random.unit() * random.unit())
        }
        var history: [[PlannedSession]] = []
        history.reserveCapacity(configuration.users)
        for user in 0..<configuration.users {
            history.append(Self.planHistory(of: user, viewers[user], movies, configuration, random: &random))
        }
        self.history = history
    }

    /// Users who can appear in live traffic (those with a history and the new ones).
    public var userCount: Int { viewers.count }

    /// The log id of user `index` (`index + 1`).
    public func userID(index: Int) -> Int64 { viewers[index].id }

    /// How much `user` likes `movie`: the cosine of their tastes plus a quarter of the movie's
    /// popularity above the middle; about −1 to 1.
    public func affinity(user: Int, movie: Int) -> Double {
        Double(viewers[user].taste.dot(movies[movie].taste)) + 0.25 * (Double(movies[movie].appeal) - 0.5)
    }

    /// The chance that `user`, looking at `movie` in a list, starts watching it:
    /// `propensity × σ(9 × (affinity − 0.45))`, and 0 for a movie the user watched before.
    public func watchChance(user: Int, movie: Int) -> Double {
        if user < history.count, history[user].contains(where: { $0.movie == Int32(movie) }) { return 0 }
        let fit = 9 * (affinity(user: user, movie: movie) - 0.45)
        return configuration.propensity / (1 + exp(-fit))
    }

    /// The chance that a list makes `user` watch one of its movies: attention falls by
    /// ``attention`` per rank and the user stops at the first movie they watch. Unknown ids
    /// count as uninteresting.
    public func conversionChance(user: Int, listed: [String]) -> Double {
        var none = 1.0
        var look = 1.0
        for id in listed {
            if let movie = movieIndex[id] { none *= 1 - look * watchChance(user: user, movie: movie) }
            look *= Self.attention
        }
        return 1 - none
    }
}
