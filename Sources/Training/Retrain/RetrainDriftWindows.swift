import Foundation
import Quality
import Recommenders

/// The two drift windows of a retrain cycle, cut from the interactions about to be trained on
/// at the promoted ALS model's data (`data.time_range`).
///
/// - **current**: the interactions (user × movie pairs) first engaged with after the model's
///   data ended: what the candidates will learn that the serving model never saw.
/// - **reference**: the interactions the model was trained on, limited to its most recent span
///   as long as the current window's (from `to − (latest − to)` to `to`, never before `from`).
///
/// Why not all of the model's data as the reference: most drift metrics depend on how much a
/// window holds. Top-K shares and the Gini coefficient rise in a small window, top-100 overlap
/// falls, and user activity (interactions per user) grows with a window's duration; six hours
/// of new data against months of training data would block on every cycle with nothing wrong.
/// Windows of equal duration keep these comparable, and the reference is still data the model
/// learned from. When six months of data arrive after a model trained on one week, the
/// reference is simply the whole week.
///
/// Both windows count pairs by their first engagement (``Interaction/at``) and ratings with
/// the pair, so they count alike; a pair the model saw that is watched again later is not new.
public struct RetrainDriftWindows: Sendable {
    public var reference: DriftWindowSummary
    public var current: DriftWindowSummary

    /// The windows, or nil when nothing is newer than `to` (then there is nothing to compare).
    ///
    /// - Parameters:
    ///   - interactions: what the cycle trains on.
    ///   - from: the model's `data.time_range.from`, µs since 1970.
    ///   - to: the model's `data.time_range.to`, µs since 1970 (the manifest keeps milliseconds,
    ///     so anything less than 1 ms after it counts as seen).
    public init?(_ interactions: [Interaction], from: Int64, to: Int64) throws {
        let seenUntil = to + 999
        var latest = Int64.min
        for interaction in interactions where interaction.at > seenUntil { latest = max(latest, interaction.at) }
        guard latest > Int64.min else { return nil }
        let start = max(from, to - (latest - to))
        var old = Tally()
        var new = Tally()
        for interaction in interactions {
            if interaction.at > seenUntil {
                new.add(interaction)
            } else if interaction.at >= start {
                old.add(interaction)
            }
        }
        let since = Self.date(seenUntil + 1)
        reference = try old.summary(
            DriftWindow(
                label: "\(Self.label(Self.date(start)))..\(Self.label(since))",
                from: Self.date(start), to: since))
        current = try new.summary(
            DriftWindow(
                label: "\(Self.label(since))..\(Self.label(Self.date(latest + 1)))",
                from: since, to: Self.date(latest + 1)))
    }

    /// Interactions, ratings and per-movie / per-user counts of one window.
    private struct Tally {
        var ratings = [Int](repeating: 0, count: 5)
        var movies: [String: Int] = [:]
        var users: [Int64: Int] = [:]

        mutating func add(_ interaction: Interaction) {
            movies[interaction.movieID, default: 0] += 1
            users[interaction.userID, default: 0] += 1
            if let rating = interaction.rating, (1...5).contains(rating) { ratings[rating - 1] += 1 }
        }

        func summary(_ window: DriftWindow) throws -> DriftWindowSummary {
            try DriftWindowSummary(
                window: window, ratingCounts: try RatingCounts(ratings), movieInteractions: movies,
                userInteractions: users)
        }
    }

    static func date(_ microseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(microseconds) / 1e6) }

    static func label(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
