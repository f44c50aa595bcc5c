import Evaluation
import Foundation
import Recommenders
import Store

/// What a model is trained on: the interactions, the catalog's genres, and where they came from.
public struct TrainingData: Sendable {
    public var interactions: [Interaction]
    public var genresByMovie: [String: [String]]
    /// `postgres` or `files`.
    public var source: String
    public var tables: [String: Int]
    public var offsets: [ModelManifest.DataSnapshot.Offset]

    public init(
        interactions: [Interaction], genresByMovie: [String: [String]], source: String, tables: [String: Int],
        offsets: [ModelManifest.DataSnapshot.Offset]
    ) {
        self.interactions = interactions
        self.genresByMovie = genresByMovie
        self.source = source
        self.tables = tables
        self.offsets = offsets
    }

    /// The `interactions` table (optionally those first engaged with inside `window`) with the
    /// catalog's genres, read in one snapshot.
    public static func postgres(_ store: Store, window: Range<Date>? = nil) async throws -> TrainingData {
        let snapshot = try await store.interactionSnapshot(window: window)
        let genres = try await store.genresByMovie()
        return TrainingData(
            interactions: snapshot.rows.map {
                Interaction(
                    userID: $0.userID, movieID: $0.movieID, minutesWatched: $0.minutesWatched, rating: $0.rating,
                    at: $0.at)
            },
            genresByMovie: genres, source: "postgres", tables: snapshot.tables,
            offsets: snapshot.offsets.map { .init(topic: $0.topic, partition: $0.partition, nextOffset: $0.nextOffset) }
        )
    }

    /// MovieLens files in RecBole format (`<name>.inter`, `<name>.item`) in `directory`.
    public static func recBole(_ directory: URL) throws -> TrainingData {
        let files = try RecBoleFiles(directory: directory)
        return TrainingData(
            interactions: files.interactions, genresByMovie: files.genresByMovie, source: "files",
            tables: ["\(directory.lastPathComponent).inter": files.interactions.count], offsets: [])
    }
}
