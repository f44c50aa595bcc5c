import Foundation
import Testing

@testable import Recommenders

@Suite struct RankedListsTests {
    @Test(arguments: ModelArtifactTests.specifications)
    func precomputedListsAreWhatRecommendReturns(specification: ModelSpecification) {
        let model = specification.fit(
            InteractionIndex(ModelArtifactTests.interactions), genresByMovie: ModelArtifactTests.genres)
        let lists = RankedLists(model, depth: 12)
        var scratch: [Float] = []
        for user in 0..<model.index.users {
            let expected = model.recommend(user: user, count: 12, scratch: &scratch)
            let got = Array(lists.list(forUser: user))
            guard got != expected else { continue }
            // sgemm and sgemv may round the last bit differently: only near-ties may swap.
            model.scores(forUser: user, into: &scratch)
            #expect(got.count == expected.count)
            for (a, b) in zip(got, expected) where a != b {
                #expect(abs(scratch[Int(a)] - scratch[Int(b)]) < 1e-5, "user \(user): \(got) vs \(expected)")
            }
        }
    }

    @Test func aUserWhoHasSeenNearlyEverythingGetsAShorterList() {
        let interactions = (0..<10).map {
            Interaction(userID: 1, movieID: "m\($0)", minutesWatched: 5, rating: nil, at: Int64($0))
        } + [Interaction(userID: 2, movieID: "m0", minutesWatched: 5, rating: nil, at: 0)]
        let model = ModelSpecification.popGenre(.init()).fit(InteractionIndex(interactions))
        let lists = RankedLists(model, depth: 5)
        #expect(lists.list(forUser: 0).isEmpty)
        #expect(lists.list(forUser: 1).count == 5 && !lists.list(forUser: 1).contains(0))
    }
}
