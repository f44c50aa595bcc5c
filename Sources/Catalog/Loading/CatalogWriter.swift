import Store

/// Collects parsed entries and writes them to the store in batches, counting as it goes.
public struct CatalogWriter: Sendable {
    let store: Store
    /// Entries per write (≥ 1).
    public let batchSize: Int
    private var rows: CatalogRows
    /// Counts so far; ``finish()`` completes them.
    public private(set) var summary: CatalogSummary

    /// - Parameters:
    ///   - source: stored in each row's `source`: `api`, `jsonl:<file>` or `recbole:<file>`.
    ///   - summary: counts to continue from (a run over several files); a fresh one by default.
    public init(store: Store, source: String, batchSize: Int = 1000, summary: CatalogSummary? = nil) {
        self.store = store
        self.batchSize = max(batchSize, 1)
        rows = CatalogRows(source: source)
        self.summary = summary ?? CatalogSummary(source: source)
    }

    /// Adds one entry; writes a batch when it is full.
    public mutating func add(_ entry: CatalogEntry) async throws {
        switch entry {
        case .movie(let movie):
            rows.movies.append(
                .init(
                    movieID: movie.movieID, title: movie.title, year: movie.year, genres: movie.genres,
                    runtime: movie.runtime))
        case .user(let user):
            rows.users.append(
                .init(userID: user.userID, age: user.age, occupation: user.occupation, gender: user.gender))
        case .reject(let reject):
            rows.rejects.append(
                .init(kind: reject.kind.rawValue, key: reject.key, raw: reject.raw, reason: reject.error.reason))
            summary.rejectedByCode[reject.error.code.description, default: 0] += 1
        }
        if rows.count >= batchSize { try await flush() }
    }

    /// Adds to the request counters (API runs).
    public mutating func count(requests: Int, retries: Int, unavailable: Int = 0) {
        summary.requests += requests
        summary.retries += retries
        summary.unavailable += unavailable
    }

    /// Writes what is pending now.
    public mutating func flush() async throws {
        guard !rows.isEmpty else { return }
        let outcome = try await store.write(rows)
        summary.moviesInserted += outcome.moviesInserted
        summary.moviesUpdated += outcome.moviesUpdated
        summary.usersInserted += outcome.usersInserted
        summary.usersUpdated += outcome.usersUpdated
        summary.batches += 1
        rows = CatalogRows(source: rows.source)
    }

    /// Writes the last batch and returns the summary.
    public mutating func finish() async throws -> CatalogSummary {
        try await flush()
        return summary
    }

    /// Records that a line, row or id was read.
    public mutating func countRead(blank: Bool = false) {
        if blank { summary.blankLines += 1 } else { summary.read += 1 }
    }
}
