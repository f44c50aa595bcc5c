import Foundation
import Logging
import Recommenders
import Testing

@testable import Serving

/// The request logic without HTTP: precomputed lists, fold-in, cold start and the deadline.
@Suite struct RecommendingTests {
    static let interactions: [Interaction] = (0..<40).flatMap { user in
        (0..<(4 + user % 5)).map { j in
            Interaction(
                userID: Int64(user + 1), movieID: "movie+\((user * 7 + j * 3) % 50)", minutesWatched: 10 + j,
                rating: j % 2 == 0 ? 1 + (user + j) % 5 : nil, at: Int64(user * 1000 + j))
        }
    }

    static func state(budget: Duration = .seconds(1)) -> (ServingState, Recommending, ServingModel) {
        var configuration = ALSConfiguration()
        configuration.factors = 6
        configuration.iterations = 4
        let als = ModelSpecification.als(configuration, confidence: .init()).fit(InteractionIndex(interactions))
        let model = ServingModel(
            version: "als-test", kind: "als", dataID: "d", codeVersion: "c", recommender: als,
            foldIn: ALSFoldIn(recommender: als as! ALSRecommender, regularization: 0.05, confidence: .init()))
        let experiment = try! Experiment(
            id: "e", salt: "s", variants: [.init(name: "als", model: .version("als-test"), weight: 1)])
        let state = ServingState(experiment: experiment, models: [model], promoted: [:], metrics: ServingMetrics())
        let fresh = FreshInteractions(logger: Logger(label: "test"))
        return (state, Recommending(fresh: fresh, budget: budget, count: 20), model)
    }

    @Test func aKnownUsersListIsTheModelsOwnRanking() {
        let (state, recommending, model) = Self.state()
        for user in Int64(1)...40 {
            let answer = recommending.recommend(userID: user, state: state, arrived: .now)
            #expect(answer.basis == .model && answer.fallback == nil)
            #expect(answer.items.count == 20)
            let expected = model.recommender.recommend(userID: user, count: 20)
            // Equal but for sgemm-versus-sgemv rounding at a near-tie (RankedListsTests checks that).
            #expect(Set(answer.items).intersection(expected).count >= 19)
        }
    }

    @Test func pastTheBudgetThePopularityListIsServedAndLabelled() {
        let (state, recommending, model) = Self.state(budget: .milliseconds(50))
        let late = ContinuousClock.now - .milliseconds(51)
        let answer = recommending.recommend(userID: 3, state: state, arrived: late)
        #expect(answer.fallback == "deadline")
        #expect(answer.basis == .coldStart)
        let seen = Set(Self.interactions.filter { $0.userID == 3 }.map(\.movieID))
        let expected = model.recommender.coldStart.map { model.recommender.index.movieIDs[Int($0)] }
            .filter { !seen.contains($0) }.prefix(20)
        #expect(answer.items == Array(expected))
        #expect(recommending.recommend(userID: 3, state: state, arrived: .now).fallback == nil)
    }

    @Test func anUnknownUserGetsTheColdStartList() {
        let (state, recommending, model) = Self.state()
        let answer = recommending.recommend(userID: 424_242, state: state, arrived: .now)
        #expect(answer.basis == .coldStart && answer.fallback == nil)
        #expect(answer.items == Array(model.recommender.recommend(userID: 424_242, count: 20)))
    }
}
