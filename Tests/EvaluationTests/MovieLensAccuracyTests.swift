import Foundation
import MarqueeTesting
import Testing

@testable import Evaluation
@testable import Recommenders

/// Accuracy on the real MovieLens-100K files, on the chronological leave-last-out split.
/// Bars from the issue: ALS (64 factors, λ 0.05, 15 iterations, confidence 1 + count) reaches
/// Recall@10 ≥ 0.082 and @20 ≥ 0.150 (`implicit` scores 0.083–0.088 / 0.151–0.170 over five
/// seeds); popularity scores about 0.050 / 0.082; PopGenre beats popularity at 20.
@Suite(.serialized) struct MovieLensAccuracyTests {
    static let files = Result { try RecBoleFiles(directory: MovieLens.directory) }

    @Test func theFilesGiveTheKnownSplit() throws {
        let files = try Self.files.get()
        #expect(files.interactions.count == 100_000)
        let split = LeaveLastOutSplit(files.interactions)
        #expect(split.heldOut.count == 943 && split.skippedUsers == 0)
        #expect(files.genresByMovie["1"] == ["Animation", "Children's", "Comedy"])
    }

    @Test(arguments: [ALSConfiguration.Solver.conjugateGradient(steps: 3), .cholesky])
    func alsReachesTheRecallOfImplicit(solver: ALSConfiguration.Solver) throws {
        let split = LeaveLastOutSplit(try Self.files.get().interactions)
        var configuration = ALSConfiguration()
        configuration.regularization = 0.05
        configuration.solver = solver
        let model = ModelSpecification.als(configuration, confidence: .counting).fit(InteractionIndex(split.training))
        let report = OfflineEvaluator().evaluate(model, on: split, name: "als")
        let ten = try #require(report.metrics(at: 10))
        let twenty = try #require(report.metrics(at: 20))
        #expect(ten.recall >= 0.082, "Recall@10 \(ten.recall)")
        #expect(twenty.recall >= 0.150, "Recall@20 \(twenty.recall)")
        #expect(twenty.ndcg > ten.ndcg && twenty.map >= ten.map && twenty.coverage > ten.coverage)
    }

    @Test func popularityScoresAboutWhatItShouldAndPopGenreBeatsIt() throws {
        let files = try Self.files.get()
        let split = LeaveLastOutSplit(files.interactions)
        let index = InteractionIndex(split.training)
        let popularity = OfflineEvaluator().evaluate(
            ModelSpecification.popGenre(.plainPopularity).fit(index), on: split, name: "popularity")
        let popGenre = OfflineEvaluator().evaluate(
            ModelSpecification.popGenre(.init()).fit(index, genresByMovie: files.genresByMovie), on: split,
            name: "popgenre")
        let popularityAt20 = try #require(popularity.metrics(at: 20)).recall
        #expect((0.040...0.060).contains(try #require(popularity.metrics(at: 10)).recall))
        #expect((0.070...0.095).contains(popularityAt20))
        #expect(try #require(popGenre.metrics(at: 20)).recall > popularityAt20)
    }
}
