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
    /// When each evaluated user's held-out interaction happened (``Interaction/at``, µs since 1970).
    public let heldOutAt: [Int64: Int64]
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
        var heldOutAt: [Int64: Int64] = [:]
        for (user, interaction) in last where counts[user, default: 0] >= 2 {
            heldOut[user] = interaction.movieID
            heldOutAt[user] = interaction.at
        }
        training = interactions.filter { heldOut[$0.userID] != $0.movieID }
        self.heldOut = heldOut
        self.heldOutAt = heldOutAt
        skippedUsers = counts.count - heldOut.count
    }

    private init(training: [Interaction], heldOut: [Int64: String], heldOutAt: [Int64: Int64], skippedUsers: Int) {
        self.training = training
        self.heldOut = heldOut
        self.heldOutAt = heldOutAt
        self.skippedUsers = skippedUsers
    }

    /// The same split evaluated only on the users whose held-out interaction happened after
    /// `instant` (µs since 1970, exclusive): the held-out data a model trained up to `instant`
    /// never saw. The training part is unchanged, so a model fitted on it scores both splits.
    public func restricted(toHeldOutAfter instant: Int64) -> LeaveLastOutSplit {
        let kept = heldOutAt.filter { $0.value > instant }
        return LeaveLastOutSplit(
            training: training, heldOut: heldOut.filter { kept[$0.key] != nil }, heldOutAt: kept,
            skippedUsers: skippedUsers)
    }

    /// Whether `a` comes after `b` in (time, movie id) order.
    static func isLater(_ a: Interaction, than b: Interaction) -> Bool {
        if a.at != b.at { return a.at > b.at }
        if let x = UInt64(a.movieID), let y = UInt64(b.movieID), x != y { return x > y }
        return a.movieID > b.movieID
    }
}
