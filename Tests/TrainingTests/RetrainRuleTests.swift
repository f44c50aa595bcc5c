import Evaluation
import Foundation
import Quality
import Recommenders
import Testing

@testable import Training

/// The retrain cycle's pure parts: the promotion rule, the flags' parsers, the held-out
/// restriction, the incumbent's view and the drift windows.
@Suite struct RetrainRuleTests {
    static func comparison(
        candidate: Double?, incumbent: Double?, version: String? = "als-old", users: Int = 100, margin: Double = 0.02
    ) -> ModelManifest.Retrain.Comparison {
        .init(
            metric: "ndcg@20", candidate: candidate, incumbentVersion: version, incumbent: incumbent,
            holdoutUsers: users, minHoldoutUsers: 30, margin: margin)
    }

    @Test func theRulePromotesOnlyAWinByTheMarginOnEnoughUsers() {
        let win = RetrainRule.decide(Self.comparison(candidate: 0.0850, incumbent: 0.0830), kind: "als")
        #expect(win.decision == .promoted)
        #expect(win.reason == "candidate ndcg@20 0.0850 beats als-old 0.0830 by at least 2 % (+2.4 %) on 100 users")
        let short = RetrainRule.decide(Self.comparison(candidate: 0.0810, incumbent: 0.0830), kind: "als")
        #expect(short.decision == .keptIncumbent)
        #expect(short.reason == "candidate ndcg@20 0.0810 does not beat als-old 0.0830 by 2 % (-2.4 %) on 100 users")
        #expect(
            RetrainRule.decide(Self.comparison(candidate: 0.0840, incumbent: 0.0830), kind: "als").decision
                == .keptIncumbent)
        let exact = RetrainRule.decide(Self.comparison(candidate: 0.0816, incumbent: 0.08), kind: "als")
        #expect(exact.decision == .promoted, "candidate = incumbent × 1.02 is enough")
        let few = RetrainRule.decide(
            Self.comparison(candidate: 0.5, incumbent: 0.1, users: 12), kind: "als",
            incumbentDataTo: "1998-04-22T23:10:38.000Z")
        #expect(few.decision == .keptIncumbent)
        #expect(
            few.reason == "only 12 users have data newer than als-old (trained up to 1998-04-22T23:10:38.000Z); need 30"
        )
        let first = RetrainRule.decide(
            Self.comparison(candidate: 0.07, incumbent: nil, version: nil, users: 943), kind: "popgenre")
        #expect(first.decision == .promoted)
        #expect(first.reason == "no popgenre model is promoted yet: offline ndcg@20 0.0700 on 943 held-out users")
        #expect(RetrainRule.decide(Self.comparison(candidate: 0, incumbent: 0), kind: "als").decision == .keptIncumbent)
        #expect(RetrainRule.decide(Self.comparison(candidate: 0.01, incumbent: 0), kind: "als").decision == .promoted)
        #expect(
            RetrainRule.decide(Self.comparison(candidate: 0.0830, incumbent: 0.0830, margin: 0), kind: "als").decision
                == .promoted)
    }

    @Test(arguments: [("90s", 90), ("30m", 1800), ("6h", 21_600), ("1h30m", 5400), ("1d", 86_400), ("2D", 172_800)])
    func intervalsParse(text: String, seconds: Int64) throws {
        #expect(try RetrainInterval.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "6", "h", "0s", "-5m", "6 h", "1.5h", "6hours", "1w"])
    func badIntervalsSayWhatWorks(text: String) {
        #expect {
            try RetrainInterval.parse(text)
        } throws: { error in
            (error as? RetrainError)?.code == .configuration && "\(error)".contains("e.g. 90s, 30m, 6h")
        }
    }

    @Test func metricsParseAsOfflineReportsNameThem() throws {
        #expect(try RetrainMetric(parsing: "ndcg@20").description == "ndcg@20")
        #expect(try RetrainMetric(parsing: "Recall@10") == RetrainMetric(parsing: "recall@10"))
        #expect(try RetrainMetric(parsing: "map@50").k == 50)
        for bad in ["ndcg", "ndcg@0", "auc@20", "ndcg@twenty", "ndcg@20@1"] {
            #expect(throws: RetrainError.self) { try RetrainMetric(parsing: bad) }
        }
    }

    /// Users 1…6, each with interactions at t = 10·user + j (µs), j < 3.
    static let interactions = (1...6).flatMap { user in
        (0..<3).map { j in
            Interaction(
                userID: Int64(user), movieID: "m\((user + j) % 5)", minutesWatched: 5 + j, rating: j == 0 ? 4 : nil,
                at: Int64(10 * user + j))
        }
    }

    @Test func aRestrictedSplitKeepsItsTrainingAndOnlyNewerHeldOutUsers() {
        let split = LeaveLastOutSplit(Self.interactions)
        #expect(split.heldOut.count == 6 && split.heldOutAt[4] == 42)
        let newer = split.restricted(toHeldOutAfter: 42)
        #expect(Set(newer.heldOut.keys) == [5, 6] && newer.heldOutAt == [5: 52, 6: 62])
        #expect(newer.training == split.training && newer.skippedUsers == split.skippedUsers)
        #expect(split.restricted(toHeldOutAfter: .min).heldOut == split.heldOut)
    }

    @Test func anIncumbentSeenThroughItsOwnIndexScoresAsItself() {
        let split = LeaveLastOutSplit(RetrainFixtureData.interactions(users: 60, movies: 40))
        let index = InteractionIndex(split.training)
        let specification = RetrainFixtures.als(factors: 4, iterations: 3)
        let model = specification.fit(index)
        let direct = OfflineEvaluator().evaluate(model, on: split, name: "direct")
        let view = IncumbentView(
            incumbent: model, specification: specification, index: index, users: split.heldOut.keys)
        let viewed = OfflineEvaluator().evaluate(view, on: split, name: "view")
        #expect(viewed.flatMetrics == direct.flatMetrics)
    }

    @Test func anIncumbentFoldsInUsersItNeverSawAndCannotRecommendMoviesItNeverSaw() {
        let all = RetrainFixtureData.interactions(users: 60, movies: 40)
        let specification = RetrainFixtures.als(factors: 4, iterations: 3)
        // The incumbent knows users 1…40 and movies m0…m34 only.
        let old = all.filter { $0.userID <= 40 && Int($0.movieID.dropFirst())! < 35 }
        let incumbent = specification.fit(InteractionIndex(old))
        let index = InteractionIndex(all)
        let view = IncumbentView(incumbent: incumbent, specification: specification, index: index, users: [55])
        var scores = [Float](repeating: 0, count: index.items)
        view.scores(forUser: index.userIndex[55]!, into: &scores)
        let unknown = index.movieIDs.indices.filter { Int(index.movieIDs[$0].dropFirst())! >= 35 }
        #expect(unknown.allSatisfy { scores[$0] == -.infinity })
        #expect(scores.filter { $0.isFinite }.count == 35, "every known movie scored from the folded-in vector")
        let popularityOnly = IncumbentView(
            incumbent: incumbent, specification: specification, index: index, users: [Int64]())
        var cold = [Float](repeating: 0, count: index.items)
        popularityOnly.scores(forUser: index.userIndex[55]!, into: &cold)
        #expect(cold != scores, "without a fold-in vector the user gets the cold-start ranking")
    }

    @Test func aPopGenreIncumbentFoldsInUsersItNeverSawFromTheirGenres() {
        let all = RetrainFixtureData.interactions(users: 60, movies: 40)
        let genres = Dictionary(uniqueKeysWithValues: (0..<40).map { ("m\($0)", $0 % 4 == 0 ? ["Horror"] : ["Drama"]) })
        let specification = ModelSpecification.popGenre(.init())
        let incumbent = specification.fit(InteractionIndex(all.filter { $0.userID <= 40 }), genresByMovie: genres)
        let index = InteractionIndex(all)
        func scores(of view: IncumbentView) -> [Float] {
            var scores = [Float](repeating: 0, count: index.items)
            view.scores(forUser: index.userIndex[55]!, into: &scores)
            return scores
        }
        let folded = scores(
            of: IncumbentView(incumbent: incumbent, specification: specification, index: index, users: [55]))
        let cold = scores(
            of: IncumbentView(incumbent: incumbent, specification: specification, index: index, users: [Int64]()))
        #expect(folded != cold, "a user the incumbent never saw is scored from their genres, not its popularity")
        let foldIn = PopGenreFoldIn(incumbent as! PopGenreModel)!
        var expected: [Float] = []
        foldIn.scores(forVector: foldIn.userVector(all.filter { $0.userID == 55 })!, into: &expected)
        for (item, movie) in index.movieIDs.enumerated() {
            #expect(folded[item] == incumbent.index.movieIndex[movie].map { expected[$0] } ?? -.infinity, "\(movie)")
        }
    }

    @Test func driftWindowsMatchTheNewDataSpanInsideTheModelsData() throws {
        // Training data at 0…1000 s, new data at 1100…1300 s (µs below).
        func row(_ user: Int64, _ movie: String, _ seconds: Int64) -> Interaction {
            Interaction(userID: user, movieID: movie, minutesWatched: 3, rating: 5, at: seconds * 1_000_000)
        }
        let old = (0...100).map { row(Int64($0 % 7), "m\($0 % 9)", Int64($0) * 10) }
        let new = (0..<21).map { row(Int64(100 + $0), "m\($0 % 3)", 1100 + Int64($0) * 10) }
        let windows = try #require(try RetrainDriftWindows(old + new, from: 0, to: 1_000_000_000))
        #expect(windows.current.interactions == 21 && windows.current.userInteractions.count == 21)
        // The new data spans 300 s after the model's data; the reference is its last 300 s.
        #expect(windows.reference.interactions == 31 && windows.reference.ratingCounts.counts[4] == 31)
        #expect(windows.reference.window.from == Date(timeIntervalSince1970: 700))
        #expect(windows.reference.window.label == "1970-01-01T00:11:40.000Z..1970-01-01T00:16:40.001Z")
        #expect(try RetrainDriftWindows(old, from: 0, to: 1_000_000_000) == nil, "nothing new: no windows")
        #expect(try RetrainDriftWindows(old + new, from: 0, to: 5_000_000_000) == nil)
    }
}

/// Small structured interaction sets for the pure tests.
enum RetrainFixtureData {
    /// User u watches movies (u·7 + 3j) mod `movies` for j < 6 + u mod 4, at t = 100·u + j.
    static func interactions(users: Int, movies: Int) -> [Interaction] {
        (1...users).flatMap { user in
            (0..<(6 + user % 4)).map { j in
                Interaction(
                    userID: Int64(user), movieID: "m\((user * 7 + j * 3) % movies)", minutesWatched: 5 + j,
                    rating: j % 2 == 0 ? 1 + (user + j) % 5 : nil, at: Int64(100 * user + j))
            }
        }
    }
}
