import Logging

/// What one catalog run did, for the end-of-run line and the progress log.
public struct CatalogSummary: Sendable, Hashable {
    /// `api`, `jsonl:<file>` or `recbole:<directory>`.
    public var source: String
    /// Lines or rows read from files, or ids asked of the API.
    public var read = 0
    /// HTTP requests sent, retries included.
    public var requests = 0
    /// HTTP requests that were retries.
    public var retries = 0
    /// API ids given up on after every retry (server or network trouble, not the answer's fault);
    /// they are not recorded, so the next run asks again.
    public var unavailable = 0
    /// Blank lines of a dump, which carry no answer.
    public var blankLines = 0
    public var moviesInserted = 0
    public var moviesUpdated = 0
    public var usersInserted = 0
    public var usersUpdated = 0
    /// Rejects by ``CatalogError/Code`` text (`not found`, `malformed json`, …).
    public var rejectedByCode: [String: Int] = [:]
    /// Batches written.
    public var batches = 0
    public var elapsed: Duration = .zero

    public init(source: String) { self.source = source }

    public var rejected: Int { rejectedByCode.values.reduce(0, +) }

    /// One line for people: what was read, stored and rejected.
    public var description: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var parts = ["catalog from \(source) in \(String(format: "%.1f", seconds)) s: read \(read)"]
        if requests > 0 { parts.append("\(requests) requests (\(retries) retries)") }
        parts.append("movies \(moviesInserted) inserted, \(moviesUpdated) updated")
        parts.append("users \(usersInserted) inserted, \(usersUpdated) updated")
        let codes = rejectedByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        parts.append("rejected \(rejected)" + (codes.isEmpty ? "" : " (" + codes.joined(separator: ", ") + ")"))
        if unavailable > 0 { parts.append("unavailable \(unavailable) (asked again next run)") }
        if blankLines > 0 { parts.append("\(blankLines) blank lines skipped") }
        return parts.joined(separator: "; ")
    }

    /// The counters as log metadata under `catalog.*` keys.
    public var metadata: Logger.Metadata {
        [
            "catalog.source": "\(source)", "catalog.read": "\(read)", "catalog.requests": "\(requests)",
            "catalog.retries": "\(retries)", "catalog.unavailable": "\(unavailable)",
            "catalog.movies": "\(moviesInserted + moviesUpdated)", "catalog.users": "\(usersInserted + usersUpdated)",
            "catalog.rejected": "\(rejected)", "catalog.batches": "\(batches)",
        ]
    }
}
