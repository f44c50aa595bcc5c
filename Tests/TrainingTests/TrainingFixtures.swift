import Foundation
import Logging
import MarqueeTesting
import Store
import Training

/// Small interaction tables written straight into `interactions`, the table training reads.
enum TrainingFixtures {
    /// `users` users × a few of `movies` movies each, deterministic; user u watches movies
    /// (u·7 + j) mod movies for j < 4 + u mod 5, with minutes and some ratings.
    static func rows(users: Int = 40, movies: Int = 30) -> [(Int64, String, Int32, Int16?, Int64)] {
        var rows: [(Int64, String, Int32, Int16?, Int64)] = []
        for user in 0..<users {
            for j in 0..<(4 + user % 5) {
                let movie = (user * 7 + j * 3) % movies
                rows.append(
                    (
                        Int64(user + 1), "movie+\(movie)", Int32(5 + (user + j) % 40),
                        j % 2 == 0 ? Int16(1 + (user + j) % 5) : nil,
                        1_700_000_000 + Int64(user * 100 + j * 10)
                    ))
            }
        }
        return rows
    }

    /// Inserts rows (user, movie, minutes, rating, first-watch seconds since 1970) into `interactions`.
    static func insert(_ rows: [(Int64, String, Int32, Int16?, Int64)], into store: Store) async throws {
        try await InteractionRows.insert(rows, into: store)
    }

    static func pipeline(_ store: Store) -> TrainingPipeline {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-models-\(UUID())")
        return TrainingPipeline(store: store, modelsDirectory: directory, logger: Logger(label: "marquee.test"))
    }
}
