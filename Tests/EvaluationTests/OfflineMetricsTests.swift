import Foundation
import Testing

@testable import Evaluation
@testable import Recommenders

/// Hand-made data whose every metric is worked out below.
///
/// u1: a@1 b@2 c@3 → holds out c; u2: a@1 d@5 → d; u3: b@1 → skipped (one interaction);
/// u4: a@4 b@4 → b (equal times: the greater movie id); u5: c@1 d@2 b@9 → b.
/// Training popularity: a 3 (u1 u2 u4), b 2 (u1 u3), c 1, d 1 (u5); ties rank the lower id first.
/// Rankings over unseen items: u1 [c d] (c at 1), u2 [b c d] (d at 3), u4 [b c d] (b at 1),
/// u5 [a b] (b at 2).
@Suite struct OfflineMetricsTests {
    static let interactions: [Interaction] = [
        ("u1", "a", 1), ("u1", "b", 2), ("u1", "c", 3), ("u2", "a", 1), ("u2", "d", 5), ("u3", "b", 1),
        ("u4", "a", 4), ("u4", "b", 4), ("u5", "c", 1), ("u5", "d", 2), ("u5", "b", 9),
    ].map { user, movie, at in
        Interaction(userID: Int64(user.dropFirst())!, movieID: movie, minutesWatched: 1, rating: nil, at: Int64(at))
    }

    static func report() -> OfflineReport {
        let split = LeaveLastOutSplit(interactions)
        let model = PopGenreModel(
            index: InteractionIndex(split.training), genresByMovie: [:], configuration: .plainPopularity)
        return OfflineEvaluator(cutoffs: [1, 2, 3]).evaluate(model, on: split, name: "popularity")
    }

    @Test func splitHoldsOutTheGreatestTimeThenMovieID() {
        let split = LeaveLastOutSplit(Self.interactions)
        #expect(split.heldOut == [1: "c", 2: "d", 4: "b", 5: "b"])
        #expect(split.skippedUsers == 1)
        #expect(split.training.count == Self.interactions.count - 4)
        #expect(split.training.contains { $0.userID == 3 })
    }

    @Test func numericMovieIDsBreakTimeTiesAsNumbers() {
        let tied = ["999", "1000", "99"].map {
            Interaction(userID: 1, movieID: $0, minutesWatched: 0, rating: 3, at: 5)
        }
        #expect(LeaveLastOutSplit(tied).heldOut == [1: "1000"])
        let slugs = ["b+1999", "a+2001"].map {
            Interaction(userID: 1, movieID: $0, minutesWatched: 1, rating: nil, at: 5)
        }
        #expect(LeaveLastOutSplit(slugs).heldOut == [1: "b+1999"])
    }

    @Test func metricsAtEachCutoffMatchTheHandComputedValues() throws {
        let report = Self.report()
        #expect(report.evaluatedUsers == 4 && report.skippedUsers == 1 && report.catalogItems == 4)
        // K = 1: hits u1, u4 → recall 2/4; NDCG and MAP 2/4; top-1 items {c, b, a} → 3/4.
        let one = try #require(report.metrics(at: 1))
        #expect(one.recall == 0.5 && one.ndcg == 0.5 && one.map == 0.5 && one.coverage == 0.75)
        // K = 2: hits u1 (1), u4 (1), u5 (2) → recall 3/4; NDCG (1 + 1 + 1/log2 3)/4;
        // MAP (1 + 1 + 1/2)/4; all four items appear → coverage 1.
        let two = try #require(report.metrics(at: 2))
        #expect(two.recall == 0.75)
        #expect(abs(two.ndcg - (2 + 1 / log2(3.0)) / 4) < 1e-12)
        #expect(two.map == 0.625 && two.coverage == 1)
        // K = 3: u2's d at rank 3 joins: NDCG adds 1/log2 4 = 1/2, MAP adds 1/3.
        let three = try #require(report.metrics(at: 3))
        #expect(three.recall == 1)
        #expect(abs(three.ndcg - (2.5 + 1 / log2(3.0)) / 4) < 1e-12)
        #expect(abs(three.map - (2.5 + 1.0 / 3) / 4) < 1e-12)
    }

    @Test func aHeldOutMovieNobodyTrainedOnIsAMiss() throws {
        let interactions =
            Self.interactions + [
                Interaction(userID: 6, movieID: "a", minutesWatched: 1, rating: nil, at: 1),
                Interaction(userID: 6, movieID: "z", minutesWatched: 1, rating: nil, at: 2),
            ]
        let split = LeaveLastOutSplit(interactions)
        let model = PopGenreModel(
            index: InteractionIndex(split.training), genresByMovie: [:], configuration: .plainPopularity)
        let report = OfflineEvaluator(cutoffs: [3]).evaluate(model, on: split, name: "popularity")
        #expect(report.unknownHeldOutItems == 1)
        #expect(try #require(report.metrics(at: 3)).recall == 4.0 / 5)
    }

    @Test func flatMetricsNameEachValueWithItsCutoff() {
        let flat = Self.report().flatMetrics
        #expect(flat["recall@2"] == 0.75 && flat["coverage@1"] == 0.75 && flat.count == 12)
    }
}
