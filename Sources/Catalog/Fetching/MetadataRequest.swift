/// One id to ask the metadata API about.
public enum MetadataRequest: Sendable, Hashable {
    case movie(String)
    case user(Int64)

    /// The path under the API's base URL: `/movie/<id>` or `/user/<id>`. Movie ids are slugs,
    /// whose characters (`a-z 0-9 + - . _ ' : & !`) are all legal in a URL path as they are.
    public var path: String {
        switch self {
        case .movie(let id): "/movie/\(id)"
        case .user(let id): "/user/\(id)"
        }
    }

    var kind: CatalogReject.Kind {
        switch self {
        case .movie: .movie
        case .user: .user
        }
    }

    var key: String {
        switch self {
        case .movie(let id): id
        case .user(let id): String(id)
        }
    }

    /// Parses a successful answer for this request.
    func entry(body: [UInt8]) -> CatalogEntry {
        let result: Result<CatalogEntry, CatalogError> =
            switch self {
            case .movie(let id): MetadataAnswer.movie(body, requestedID: id).map(CatalogEntry.movie)
            case .user(let id): MetadataAnswer.user(body, requestedID: id).map(CatalogEntry.user)
            }
        switch result {
        case .success(let entry): return entry
        case .failure(let error): return reject(body: body, error)
        }
    }

    func reject(body: [UInt8], _ error: CatalogError) -> CatalogEntry {
        .reject(CatalogReject(kind: kind, key: key, raw: body, error: error))
    }
}
