import Foundation
import Recommenders

/// A registered model as the server holds it: the recommender plus the provenance every answer
/// it makes carries (version, data snapshot id, code version). Immutable once loaded; a class,
/// so an answer holds it with one retain.
public final class ServingModel: Sendable {
    public let version: String
    /// `als` or `popgenre`.
    public let kind: String
    /// The data snapshot id (the first 12 hex digits of the training set's content hash).
    public let dataID: String
    /// The code version the model was trained with (a git commit, `+dirty` when uncommitted).
    public let codeVersion: String
    public let recommender: any Recommender
    /// The recommender's ids and seen items (held here: read on every request).
    public let index: InteractionIndex
    /// Profiles users new since training from their interactions (ALS: a solved user vector;
    /// PopGenre: their genre lift); nil for a PopGenre model without genres or boost.
    public let foldIn: (any FoldIn)?
    /// Every known user's best unseen items, deeper than a served list (see ``RankedLists``).
    public let ranked: RankedLists
    /// The movie ids in one buffer, for writing answers.
    let movieIDLines: MovieIDLines

    /// How many items ``ranked`` keeps per user.
    public static let rankedDepth = 40

    /// Decodes `artifact` and checks it against `manifest` (same version and SHA-256).
    public convenience init(manifest: ModelManifest, artifact: Data) throws(ServingError) {
        let digest = SHA256.hex(artifact)
        guard digest == manifest.artifact.sha256 else {
            throw ServingError(
                .model,
                "model \(manifest.version): the artifact's SHA-256 is \(digest) but its manifest says "
                    + "\(manifest.artifact.sha256); the file was changed or truncated, train or copy it again")
        }
        let decoded: (model: any Recommender, specification: ModelSpecification)
        do { decoded = try ModelArtifact.decode(artifact) } catch {
            throw ServingError(.model, "model \(manifest.version): \(error)")
        }
        self.init(
            version: manifest.version, kind: manifest.kind, dataID: manifest.data.id,
            codeVersion: manifest.code.version, recommender: decoded.model,
            foldIn: decoded.specification.foldIn(for: decoded.model))
    }

    /// A model from its parts; ranks every known user ahead (``RankedLists``).
    init(
        version: String, kind: String, dataID: String, codeVersion: String, recommender: any Recommender,
        foldIn: (any FoldIn)?
    ) {
        self.version = version
        self.kind = kind
        self.dataID = dataID
        self.codeVersion = codeVersion
        self.recommender = recommender
        index = recommender.index
        self.foldIn = foldIn
        ranked = RankedLists(recommender, depth: Self.rankedDepth)
        movieIDLines = MovieIDLines(index.movieIDs)
    }

    /// Loads a model folder as `marquee train` writes it (`manifest.json` and `model.bin`).
    public convenience init(directory: URL) throws(ServingError) {
        let manifest: ModelManifest
        let artifact: Data
        do {
            manifest = try JSONDecoder().decode(
                ModelManifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
            artifact = try Data(contentsOf: directory.appendingPathComponent(manifest.artifact.file))
        } catch {
            throw ServingError(
                .model,
                "\(directory.path) is not a model folder (manifest.json and model.bin, as `marquee train` writes): \(error)")
        }
        try self.init(manifest: manifest, artifact: artifact)
    }

    public var users: Int { index.users }
    public var items: Int { index.items }
}
