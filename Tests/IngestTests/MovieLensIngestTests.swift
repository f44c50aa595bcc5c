import Foundation
import Ingest
import Logging
import MarqueeTesting
import PostgresNIO
import Store
import Testing

/// The real MovieLens-100K ratings, turned into a movie-log (one watch session per rating),
/// ingested from a file: every rating and every session must land as one interaction.
@Suite struct MovieLensIngestTests {
    @Test(.timeLimit(.minutes(3)))
    func movieLensSessionsLandAsOneInteractionEach() async throws {
        let sessions = Array(try MovieLens.sessions().prefix(3000))
        #expect(sessions.count == 3000)
        let path = try GeneratedStreamIngestTests.temporaryFile(sessions.flatMap { $0.lines.map { Array($0.utf8) } })
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestDatabase.withFreshDatabase { store, _ in
            let summary = try await GeneratedStreamIngestTests.ingest(
                try FileLineSource(path: path, sourceName: "ml-100k", store: store), store)
            #expect(summary.counters.quarantined == 0, "\(summary.counters.quarantinedByRule)")
            #expect(summary.counters.ratings == sessions.count)
            var expected: [String: (minutes: Int, rating: Int)] = [:]
            for session in sessions {
                expected["\(session.userID) \(session.movieID)"] = (session.rating * 10 + 1, session.rating)
            }
            let rows = try await store.client.query(
                "SELECT user_id, movie_id, minutes_watched, rating FROM interactions")
            var seen = 0
            for try await (user, movie, minutes, rating) in rows.decode((Int64, String, Int, Int16).self) {
                seen += 1
                let want = expected["\(user) \(movie)"]
                #expect(want?.minutes == minutes && want?.rating == Int(rating), "\(user) \(movie)")
            }
            #expect(seen == expected.count)
        }
    }
}
