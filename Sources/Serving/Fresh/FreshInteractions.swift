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
        /// Entries kept, spread evenly over the shards; a shard past its share keeps its newest half.
        public var capacity = 1_000_000
        public init() {}
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        var waiting: Set<Int64> = []
    }

    /// One lock per slice of the users, so that a sweep or a batch of reads holds up only the
    /// requests of that slice, for a time that does not grow with the whole user count (one lock
    /// over a million entries stalled every request for the length of a sweep).
    private final class Shard: Sendable {
        let state = Mutex(State())
    }

    private static let shardCount = 64
    private let shards: [Shard] = (0..<FreshInteractions.shardCount).map { _ in Shard() }
    let configuration: Configuration
    let logger: Logger

    public init(configuration: Configuration = .init(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    private static func shardIndex(_ userID: Int64) -> Int {
        Int(UInt64(bitPattern: userID) % UInt64(shardCount))
    }

    private func shard(_ userID: Int64) -> Shard { shards[Self.shardIndex(userID)] }

    /// The user's entry as last read, or nil; asks for a read when missing or stale.
    public func lookup(_ userID: Int64) -> Entry? {
        let now = ContinuousClock.now
        let waitingLimit = configuration.batchLimit * 50 / Self.shardCount
        return shard(userID).state.withLock { state in
            let entry = state.entries[userID]
            if entry == nil || now - entry!.readAt > configuration.timeToLive, state.waiting.count < waitingLimit {
                state.waiting.insert(userID)
            }
            return entry
        }
    }

    /// Keeps a fold-in vector made from the entry's interactions.
    func remember(vector: [Float], userID: Int64, modelVersion: String) {
        shard(userID).state.withLock { $0.entries[userID]?.vectors[modelVersion] = vector }
    }

    /// Reads waiting users every tick until cancelled.
    public func run(store: Store) async {
        var lastSweep = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.tick)
            let users = takeWaiting()
            if !users.isEmpty {
                do {
                    guard let rows = try await withTimeout(.seconds(2), { try await store.interactions(ofUsers: users) })
                    else { throw ServingError(.notReady, "no answer from Postgres within 2 seconds") }
                    keep(rows, for: users)
                } catch {
                    logger.warning("could not read recent interactions; answers use the model's data alone", metadata: [
                        "users": "\(users.count)", "error": "\(error)",
                    ])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            if ContinuousClock.now - lastSweep > configuration.timeToLive {
                sweep(now: .now)
                lastSweep = ContinuousClock.now
            }
        }
    }

    /// Up to `batchLimit` waiting users, taken off the waiting lists.
    func takeWaiting() -> [Int64] {
        var users: [Int64] = []
        for shard in shards where users.count < configuration.batchLimit {
            shard.state.withLock { state in
                let taken = Array(state.waiting.prefix(configuration.batchLimit - users.count))
                state.waiting.subtract(taken)
                users += taken
            }
        }
        return users
    }

    /// Stores what was read for `users` (a user with no rows gets an empty entry).
    func keep(_ rows: [InteractionRow], for users: [Int64], now: ContinuousClock.Instant = .now) {
        var byUser: [Int64: [Interaction]] = [:]
        for row in rows {
            byUser[row.userID, default: []].append(
                Interaction(
                    userID: row.userID, movieID: row.movieID, minutesWatched: row.minutesWatched, rating: row.rating,
                    at: row.at))
        }
        var read = [[(user: Int64, interactions: [Interaction])]](repeating: [], count: Self.shardCount)
        for user in users {
            read[Self.shardIndex(user)].append((user, (byUser[user] ?? []).sorted { $0.movieID < $1.movieID }))
        }
        for (shard, mine) in zip(shards, read) where !mine.isEmpty {
            shard.state.withLock { state in
                for (user, interactions) in mine {
                    // Vectors stay valid while the interactions they came from are unchanged.
                    let vectors = state.entries[user].flatMap { $0.interactions == interactions ? $0.vectors : nil } ?? [:]
                    state.entries[user] = Entry(interactions: interactions, readAt: now, vectors: vectors)
                }
            }
        }
    }

    /// Drops entries not asked for in three lifetimes, and the oldest beyond the capacity, one
    /// shard at a time.
    func sweep(now: ContinuousClock.Instant) {
        let capacity = max(1, configuration.capacity / Self.shardCount)
        for shard in shards {
            shard.state.withLock { state in
                state.entries = state.entries.filter { now - $0.value.readAt < configuration.timeToLive * 3 }
                if state.entries.count > capacity {
                    let keep = state.entries.sorted { $0.value.readAt > $1.value.readAt }.prefix(capacity / 2)
                    state.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                }
            }
        }
    }

    /// Users with an entry.
    var entryCount: Int { shards.reduce(0) { total, shard in total + shard.state.withLock { $0.entries.count } } }
}
