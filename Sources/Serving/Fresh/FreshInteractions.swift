import Logging
import Recommenders
import Store
import Synchronization

/// What users did after a model was trained, read from Postgres off the request path.
///
/// A request asks ``lookup(_:)`` for its user: the answer is what was read last (or nil), and a
/// missing or stale entry puts the user on the list that ``run(store:)`` reads in one query per
/// tick. So the first request of a user is answered from the model alone; from the next tick
/// on, movies watched since training are excluded and a user the model never saw gets a
/// fold-in vector ("personal within minutes" of their first watches, usually within a second).
public final class FreshInteractions: Sendable {
    /// One user's interactions as last read, and fold-in vectors made from them (by model version).
    public struct Entry: Sendable {
        public var interactions: [Interaction]
        var readAt: ContinuousClock.Instant
        var vectors: [String: [Float]] = [:]
    }

    public struct Configuration: Sendable {
        /// An entry older than this is read again on its next request.
        public var timeToLive: Duration = .seconds(30)
        /// How often waiting users are read.
        public var tick: Duration = .milliseconds(50)
        /// Users read per query.
        public var batchLimit = 2000
        /// Entries kept; the oldest are dropped beyond it.
        public var capacity = 1_000_000
        public init() {}
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        var waiting: Set<Int64> = []
    }

    private let state = Mutex(State())
    let configuration: Configuration
    let logger: Logger

    public init(configuration: Configuration = .init(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The user's entry as last read, or nil; asks for a read when missing or stale.
    public func lookup(_ userID: Int64) -> Entry? {
        let now = ContinuousClock.now
        return state.withLock { state in
            let entry = state.entries[userID]
            if entry == nil || now - entry!.readAt > configuration.timeToLive,
                state.waiting.count < configuration.batchLimit * 50
            {
                state.waiting.insert(userID)
            }
            return entry
        }
    }

    /// Keeps a fold-in vector made from the entry's interactions.
    func remember(vector: [Float], userID: Int64, modelVersion: String) {
        state.withLock { $0.entries[userID]?.vectors[modelVersion] = vector }
    }

    /// Reads waiting users every tick until cancelled.
    public func run(store: Store) async {
        var lastSweep = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.tick)
            let users: [Int64] = state.withLock { state in
                let batch = Array(state.waiting.prefix(configuration.batchLimit))
                state.waiting.subtract(batch)
                return batch
            }
            if !users.isEmpty {
                do {
                    let rows = try await store.interactions(ofUsers: users)
                    keep(rows, for: users)
                } catch {
                    logger.warning("could not read recent interactions; answers use the model's data alone", metadata: [
                        "users": "\(users.count)", "error": "\(error)",
                    ])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            if ContinuousClock.now - lastSweep > configuration.timeToLive {
                sweep()
                lastSweep = ContinuousClock.now
            }
        }
    }

    private func keep(_ rows: [InteractionRow], for users: [Int64]) {
        var byUser: [Int64: [Interaction]] = [:]
        for row in rows {
            byUser[row.userID, default: []].append(
                Interaction(
                    userID: row.userID, movieID: row.movieID, minutesWatched: row.minutesWatched, rating: row.rating,
                    at: row.at))
        }
        let now = ContinuousClock.now
        state.withLock { state in
            for user in users {
                let interactions = (byUser[user] ?? []).sorted { $0.movieID < $1.movieID }
                // Vectors stay valid while the interactions they came from are unchanged.
                let vectors = state.entries[user].flatMap { $0.interactions == interactions ? $0.vectors : nil } ?? [:]
                state.entries[user] = Entry(interactions: interactions, readAt: now, vectors: vectors)
            }
        }
    }

    /// Drops entries not asked for in three lifetimes, and the oldest beyond the capacity.
    private func sweep() {
        let now = ContinuousClock.now
        state.withLock { state in
            state.entries = state.entries.filter { now - $0.value.readAt < configuration.timeToLive * 3 }
            if state.entries.count > configuration.capacity {
                let keep = state.entries.sorted { $0.value.readAt > $1.value.readAt }.prefix(configuration.capacity / 2)
                state.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
        }
    }
}
