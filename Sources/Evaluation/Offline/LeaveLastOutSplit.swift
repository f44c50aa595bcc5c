import Recommenders

/// Chronological leave-last-out: for every user with at least two interactions, the
/// interaction with the greatest (time, movie id) is held out as the test item and the rest
/// is training data. Movie ids compare as numbers when both are decimal integers (MovieLens
/// item tokens: "999" before "1000") and byte-wise otherwise (Marquee's slugs). Users with a single interaction stay in the training data (they shape
/// popularity and item factors) but are not evaluated.
public struct LeaveLastOutSplit: Sendable {
    /// Everything but the held-out interactions.
    public let training: [Interaction]
    /// The held-out movie of each evaluated user.
    public let heldOut: [Int64: String]
    /// Users with fewer than two interactions.
    public let skippedUsers: Int

    public init(_ interactions: [Interaction]) {
        var last: [Int64: Interaction] = [:]
        var counts: [Int64: Int] = [:]
        for interaction in interactions {
            counts[interaction.userID, default: 0] += 1
            if let current = last[interaction.userID], !Self.isLater(interaction, than: current) { continue }
            last[interaction.userID] = interaction
        }
        var heldOut: [Int64: String] = [:]
        for (user, interaction) in last where counts[user, default: 0] >= 2 { heldOut[user] = interaction.movieID }
        training = interactions.filter { heldOut[$0.userID] != $0.movieID }
        self.heldOut = heldOut
        skippedUsers = counts.count - heldOut.count
    }

    /// Whether `a` comes after `b` in (time, movie id) order.
    static func isLater(_ a: Interaction, than b: Interaction) -> Bool {
        if a.at != b.at { return a.at > b.at }
        if let x = UInt64(a.movieID), let y = UInt64(b.movieID), x != y { return x > y }
        return a.movieID > b.movieID
    }
}
