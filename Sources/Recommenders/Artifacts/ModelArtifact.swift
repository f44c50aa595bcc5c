import Foundation

/// A trained model as bytes (the artifact file and the registry's `artifact` column) and back.
///
/// Every artifact holds the model's specification (JSON), its users, movies and what each user
/// has seen, and its cold-start ranking; ALS adds the factor matrices, PopGenre its popularity,
/// genres and per-user genre shares.
public enum ModelArtifact {
    /// The artifact bytes of `model`, trained under `specification`.
    public static func encode(_ model: any Recommender, specification: ModelSpecification) throws -> Data {
        var writer = ArtifactWriter()
        writer.write("SPEC", Array(try JSONEncoder().encode(specification)))
        writer.write("USER", model.index.userIDs)
        writer.write("MOVI", strings: model.index.movieIDs)
        writer.write("SEES", model.index.seenStarts.map(Int64.init))
        writer.write("SEEI", model.index.seenItems)
        writer.write("COLD", model.coldStart)
        switch model {
        case let als as ALSRecommender:
            writer.write("FACT", [Int64(als.model.factors)])
            writer.write("UFAC", als.model.userFactors)
            writer.write("IFAC", als.model.itemFactors)
        case let popGenre as PopGenreModel:
            writer.write("POPU", popGenre.popularity)
            writer.write("GENR", strings: popGenre.genres)
            writer.write("IGST", popGenre.itemGenreStarts.map(Int64.init))
            writer.write("IGEN", popGenre.itemGenres)
            writer.write("UGLI", popGenre.userGenreLift)
        default:
            throw RecommenderError(.artifact, "no artifact format for \(type(of: model))")
        }
        return writer.data
    }

    /// The model and its specification from artifact bytes.
    public static func decode(_ data: Data) throws(RecommenderError) -> (
        model: any Recommender, specification: ModelSpecification
    ) {
        let reader = try ArtifactReader(data)
        let specification: ModelSpecification
        do {
            specification = try JSONDecoder().decode(
                ModelSpecification.self, from: Data(try reader.array("SPEC", of: UInt8.self)))
        } catch let error as RecommenderError {
            throw error
        } catch {
            throw RecommenderError(.artifact, "artifact specification unreadable: \(error)")
        }
        let index = InteractionIndex(
            userIDs: try reader.array("USER"), movieIDs: try reader.strings("MOVI"),
            seenStarts: try reader.array("SEES", of: Int64.self).map(Int.init), seenItems: try reader.array("SEEI"))
        let coldStart: [Int32] = try reader.array("COLD")
        try check(index.seenStarts.count == index.users + 1 && index.seenStarts.last == index.seenItems.count, "SEES")
        try check(index.seenItems.allSatisfy { $0 >= 0 && Int($0) < index.items }, "SEEI")
        try check(coldStart.allSatisfy { $0 >= 0 && Int($0) < index.items }, "COLD")
        switch specification {
        case .als:
            let factors = Int(try reader.array("FACT", of: Int64.self).first ?? 0)
            let users: [Float] = try reader.array("UFAC")
            let items: [Float] = try reader.array("IFAC")
            try check(
                factors > 0 && users.count == index.users * factors && items.count == index.items * factors, "FACT")
            let model = ALSModel(factors: factors, userFactors: users, itemFactors: items)
            return (ALSRecommender(index: index, model: model, coldStart: coldStart), specification)
        case .popGenre(let configuration):
            let popularity: [Float] = try reader.array("POPU")
            let genres = try reader.strings("GENR")
            let starts = try reader.array("IGST", of: Int64.self).map(Int.init)
            let itemGenres: [Int32] = try reader.array("IGEN")
            let lift: [Float] = try reader.array("UGLI")
            try check(popularity.count == index.items && starts.count == index.items + 1, "POPU")
            try check(starts.last == itemGenres.count && itemGenres.allSatisfy { Int($0) < genres.count }, "IGEN")
            try check(lift.count == index.users * genres.count, "UGLI")
            let model = PopGenreModel(
                index: index, configuration: configuration, popularity: popularity, genres: genres,
                itemGenreStarts: starts, itemGenres: itemGenres, userGenreLift: lift, coldStart: coldStart)
            return (model, specification)
        }
    }

    private static func check(_ condition: Bool, _ section: String) throws(RecommenderError) {
        guard condition else { throw RecommenderError(.artifact, "artifact section \(section) is inconsistent") }
    }
}
