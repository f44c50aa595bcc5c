import Foundation
import Testing

@testable import Recommenders

@Suite struct ALSFoldInTests {
    static let interactions = ModelArtifactTests.interactions

    static func trained() -> (ALSRecommender, ALSConfiguration, ConfidenceMapping) {
        var configuration = ALSConfiguration()
        configuration.factors = 6
        configuration.iterations = 5
        configuration.solver = .cholesky
        let confidence = ConfidenceMapping()
        let index = InteractionIndex(interactions)
        let model = ALSTrainer(configuration: configuration).train(index.matrix(confidence: confidence))
        return (ALSRecommender(index: index, model: model), configuration, confidence)
    }

    @Test func aFoldedInVectorSolvesTheSameNormalEquationsAsADenseDirectSolution() throws {
        let (als, configuration, confidence) = Self.trained()
        let foldIn = ALSFoldIn(recommender: als, regularization: configuration.regularization, confidence: confidence)
        let matrix = als.index.matrix(confidence: confidence)
        let direct = DenseALS.solve(
            matrix, fixed: als.model.itemFactors, factors: 6, regularization: Double(configuration.regularization))
        for (user, userID) in als.index.userIDs.enumerated() {
            let vector = try #require(foldIn.userVector(Self.interactions.filter { $0.userID == userID }))
            let expected = Array(direct[(user * 6)..<((user + 1) * 6)])
            for (got, want) in zip(vector, expected) {
                #expect(abs(got - want) <= 1e-3 * max(1, abs(want)), "user \(userID): \(vector) vs \(expected)")
            }
        }
    }

    @Test func unknownMoviesAreSkippedAndNothingUsableGivesNoVector() {
        let (als, configuration, confidence) = Self.trained()
        let foldIn = ALSFoldIn(recommender: als, regularization: configuration.regularization, confidence: confidence)
        let strangers = [Interaction(userID: 9, movieID: "not-in-model", minutesWatched: 30, rating: nil, at: 0)]
        #expect(foldIn.userVector(strangers) == nil)
        let known = Interaction(userID: 9, movieID: "m3", minutesWatched: 30, rating: 5, at: 0)
        #expect(foldIn.userVector(strangers + [known]) == foldIn.userVector([known]))
        #expect(foldIn.userVector([known]) != nil)
    }
}
