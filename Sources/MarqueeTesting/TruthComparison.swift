import PostgresNIO
import Simulation
import Store

/// Compares the ingest tables with what the generator says it wrote.
public enum TruthComparison {
    private struct Row: Equatable {
        var minutes: Int
        var first: Int64?
        var last: Int64?
        var rating: Int16?
        var ratedAt: Int64?
    }

    /// Every way the tables differ from `truth` (empty when they agree): interactions row by
    /// row (distinct minutes, first/last watch and rating time to the microsecond, latest
    /// rating), event counts and quarantine counts by rule.
    public static func differences(_ truth: StreamTruth, _ store: Store) async throws -> [String] {
        var problems: [String] = []
        var seen = 0
        let rows = try await store.client.query(
            """
            SELECT user_id, movie_id, minutes_watched,
                   (extract(epoch FROM first_watch_at) * 1000000)::int8, (extract(epoch FROM last_watch_at) * 1000000)::int8,
                   rating, (extract(epoch FROM rated_at) * 1000000)::int8
            FROM interactions
            """)
        for try await (user, movie, minutes, first, last, rating, ratedAt) in rows.decode(
            (Int64, String, Int, Int64?, Int64?, Int16?, Int64?).self)
        {
            seen += 1
            guard let expected = truth.interactions[InteractionKey(userID: user, movieID: movie)] else {
                problems.append("unexpected interaction \(user) \(movie)")
                continue
            }
            let actual = Row(minutes: minutes, first: first, last: last, rating: rating, ratedAt: ratedAt)
            let wanted = Row(
                minutes: expected.minutesWatched, first: expected.firstWatch?.microsecondsSinceEpoch,
                last: expected.lastWatch?.microsecondsSinceEpoch, rating: expected.rating,
                ratedAt: expected.ratedAt?.microsecondsSinceEpoch)
            if actual != wanted { problems.append("interaction \(user) \(movie): got \(actual), want \(wanted)") }
        }
        if seen != truth.interactions.count {
            problems.append("interactions: \(seen) rows, want \(truth.interactions.count)")
        }
        let summary = try await store.ingestSummary()
        if summary.recommendationEvents != truth.recommendationEvents {
            problems.append(
                "recommendation events: \(summary.recommendationEvents), want \(truth.recommendationEvents)")
        }
        if summary.recommendationsOK != truth.recommendationsOK {
            problems.append("status-200 events: \(summary.recommendationsOK), want \(truth.recommendationsOK)")
        }
        if summary.quarantinedByRule != truth.quarantinedByRule.filter({ $0.value > 0 }) {
            problems.append(
                "quarantine by rule: \(summary.quarantinedByRule.sorted { $0.key < $1.key }), want \(truth.quarantinedByRule.sorted { $0.key < $1.key })"
            )
        }
        return problems
    }
}
