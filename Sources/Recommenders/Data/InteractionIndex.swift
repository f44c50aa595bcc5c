/// Interactions with users and movies numbered densely: users by ascending id, movies by
/// ascending id, so the same data always gives the same numbering (and the same model).
public struct InteractionIndex: Sendable {
    /// The user id of each user index.
    public let userIDs: [Int64]
    /// The movie id of each item index.
    public let movieIDs: [String]
    public let userIndex: UserRows
    public let movieIndex: [String: Int]
    /// Every interaction, sorted by (user, movie); empty in an index read from an artifact.
    public let interactions: [Interaction]
    /// The items each user has interacted with, ascending (CSR: `seenStarts` has users + 1 offsets).
    public let seenStarts: [Int]
    public let seenItems: [Int32]

    /// Indexes `interactions`; a repeated (user, movie) keeps the last one given. Input already
    /// sorted by (user, movie) without repeats (as the store reads it) is taken as it is.
    public init(_ interactions: [Interaction]) {
        let sorted: [Interaction]
        if zip(interactions, interactions.dropFirst()).allSatisfy({ ($0.userID, $0.movieID) < ($1.userID, $1.movieID) })
        {
            sorted = interactions
        } else {
            var unique: [Pair: Interaction] = [:]
            for interaction in interactions { unique[Pair(interaction.userID, interaction.movieID)] = interaction }
            sorted = unique.values.sorted { ($0.userID, $0.movieID) < ($1.userID, $1.movieID) }
        }
        userIDs = Array(Set(sorted.map(\.userID))).sorted()
        movieIDs = Array(Set(sorted.map(\.movieID))).sorted()
        userIndex = UserRows(userIDs)
        movieIndex = Dictionary(uniqueKeysWithValues: movieIDs.enumerated().map { ($1, $0) })
        var starts = [Int](repeating: 0, count: userIDs.count + 1)
        var items: [Int32] = []
        items.reserveCapacity(sorted.count)
        for interaction in sorted {
            // Indices exist: both dictionaries were built from these interactions.
            starts[userIndex[interaction.userID]! + 1] += 1
            items.append(Int32(movieIndex[interaction.movieID]!))
        }
        for user in 0..<userIDs.count { starts[user + 1] += starts[user] }
        self.interactions = sorted
        seenStarts = starts
        seenItems = items
    }

    /// An index read back from an artifact: ids and seen items, without the interactions.
    init(userIDs: [Int64], movieIDs: [String], seenStarts: [Int], seenItems: [Int32]) {
        self.userIDs = userIDs
        self.movieIDs = movieIDs
        userIndex = UserRows(userIDs)
        movieIndex = Dictionary(movieIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        interactions = []
        self.seenStarts = seenStarts
        self.seenItems = seenItems
    }

    public var users: Int { userIDs.count }
    public var items: Int { movieIDs.count }

    /// The items `user` has interacted with, ascending.
    public func seen(byUser user: Int) -> ArraySlice<Int32> { seenItems[seenStarts[user]..<seenStarts[user + 1]] }

    /// Users × items confidences under `mapping`; interactions with confidence ≤ 0 are left out.
    public func matrix(confidence mapping: ConfidenceMapping) -> InteractionMatrix {
        var entries: [(row: Int, column: Int, value: Float)] = []
        entries.reserveCapacity(interactions.count)
        for (position, interaction) in interactions.enumerated() {
            let value = mapping.confidence(of: interaction)
            guard value > 0 else { continue }
            entries.append((userIndex[interaction.userID]!, Int(seenItems[position]), value))
        }
        return InteractionMatrix(rows: users, columns: items, entries: entries)
    }

    /// The earliest and latest interaction times (µs since 1970), nil when empty.
    public var timeRange: ClosedRange<Int64>? {
        guard let first = interactions.map(\.at).min(), let last = interactions.map(\.at).max() else { return nil }
        return first...last
    }

    private struct Pair: Hashable {
        let user: Int64
        let movie: String
        init(_ user: Int64, _ movie: String) {
            self.user = user
            self.movie = movie
        }
    }
}
