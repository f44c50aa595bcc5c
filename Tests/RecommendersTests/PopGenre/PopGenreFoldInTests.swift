import Testing

@testable import Recommenders

@Suite struct PopGenreFoldInTests {
    static let interactions = ModelArtifactTests.interactions
    /// m0…m24: even ones Drama, odd ones Comedy and Drama, every fifth also Horror.
    static let genres = Dictionary(
        uniqueKeysWithValues: (0..<25).map { movie in
            ("m\(movie)", (movie % 2 == 0 ? ["Drama"] : ["Comedy", "Drama"]) + (movie % 5 == 0 ? ["Horror"] : []))
        })

    static func trained(_ configuration: PopGenreConfiguration = .init(halfLifeDays: 10, genreBoost: 3))
        -> PopGenreModel
    {
        PopGenreModel(index: InteractionIndex(interactions), genresByMovie: genres, configuration: configuration)
    }

    @Test func aTrainedUsersMoviesGiveBackTheirLiftAndScoresExactly() throws {
        let model = Self.trained()
        let foldIn = try #require(PopGenreFoldIn(model))
        let genreCount = model.genres.count
        for (user, userID) in model.index.userIDs.enumerated() {
            let vector = try #require(foldIn.userVector(Self.interactions.filter { $0.userID == userID }))
            #expect(vector == Array(model.userGenreLift[(user * genreCount)..<((user + 1) * genreCount)]))
            var trained = [Float](repeating: 0, count: model.index.items)
            model.scores(forUser: user, into: &trained)
            var folded: [Float] = []
            foldIn.scores(forVector: vector, into: &folded)
            #expect(folded == trained, "user \(userID)")
        }
    }

    @Test func aModelReadBackFromItsArtifactFoldsInAlike() throws {
        let specification = ModelSpecification.popGenre(.init(halfLifeDays: 10, genreBoost: 3))
        let model = Self.trained()
        let (loaded, _) = try ModelArtifact.decode(try ModelArtifact.encode(model, specification: specification))
        let original = try #require(specification.foldIn(for: model))
        let decoded = try #require(specification.foldIn(for: loaded))
        let watches = ["m2", "m5", "m11", "m20"].map {
            Interaction(userID: 999, movieID: $0, minutesWatched: 12, rating: 4, at: 0)
        }
        #expect(decoded.userVector(watches) == original.userVector(watches))
    }

    @Test func aNewUserIsBoostedTowardsTheGenresTheyWatched() throws {
        let model = Self.trained()
        let foldIn = try #require(PopGenreFoldIn(model))
        let comedies = ["m1", "m3", "m7"].map {
            Interaction(userID: 999, movieID: $0, minutesWatched: 40, rating: nil, at: 0)
        }
        let vector = try #require(foldIn.userVector(comedies))
        var scores: [Float] = []
        foldIn.scores(forVector: vector, into: &scores)
        // score / popularity = 1 + boost · affinity: a comedy gains more than a drama-only movie.
        func gain(_ movie: String) -> Float {
            let item = model.index.movieIndex[movie]!
            return scores[item] / model.popularity[item]
        }
        #expect(gain("m9") > gain("m8"))
        #expect(gain("m9") > 1 && gain("m8") >= 1)
    }

    @Test func unknownAndRepeatedMoviesAreSkippedAndNothingUsableGivesNoProfile() throws {
        let foldIn = try #require(PopGenreFoldIn(Self.trained()))
        func watch(_ movie: String) -> Interaction {
            Interaction(userID: 9, movieID: movie, minutesWatched: 30, rating: nil, at: 0)
        }
        #expect(foldIn.userVector([watch("not-in-model")]) == nil)
        #expect(foldIn.userVector([]) == nil)
        #expect(foldIn.userVector([watch("not-in-model"), watch("m3")]) == foldIn.userVector([watch("m3")]))
        #expect(
            foldIn.userVector([watch("m3"), watch("m3"), watch("m4")]) == foldIn.userVector([watch("m3"), watch("m4")]))
    }

    @Test func aModelWhoseGenresCannotMoveAScoreHasNoFoldIn() {
        #expect(PopGenreFoldIn(Self.trained(.plainPopularity)) == nil)
        let noGenres = PopGenreModel(
            index: InteractionIndex(Self.interactions), genresByMovie: [:], configuration: .init())
        #expect(PopGenreFoldIn(noGenres) == nil)
        let specification = ModelSpecification.popGenre(.init())
        #expect(specification.foldIn(for: Self.trained()) is PopGenreFoldIn)
        #expect(specification.foldIn(for: noGenres) == nil)
    }
}
