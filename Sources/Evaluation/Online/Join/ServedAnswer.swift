/// One answer of the service as its served log keeps it: what attribution joins a client's
/// recommendation event with.
public struct ServedAnswer: Sendable, Hashable {
    public var requestID: String
    public var userID: Int64
    /// When the service made the answer, nanoseconds since 1970 (UTC).
    public var at: Int64
    public var experimentID: String
    public var variant: String
    public var modelVersion: String
    /// The movie ids, best first, joined by `,` (as ``MovieLog/MovieIDList/joined``).
    public var items: String

    public init(
        requestID: String, userID: Int64, at: Int64, experimentID: String, variant: String, modelVersion: String,
        items: String
    ) {
        self.requestID = requestID
        self.userID = userID
        self.at = at
        self.experimentID = experimentID
        self.variant = variant
        self.modelVersion = modelVersion
        self.items = items
    }
}

/// A variant of an experiment: the unit WTR is reported for.
public struct Arm: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var experimentID: String
    public var variant: String

    public init(experimentID: String, variant: String) {
        self.experimentID = experimentID
        self.variant = variant
    }

    public static func < (lhs: Arm, rhs: Arm) -> Bool {
        (lhs.experimentID, lhs.variant) < (rhs.experimentID, rhs.variant)
    }

    public var description: String { "\(experimentID)/\(variant)" }
}

/// Finds the served answer behind each client event: same user, same items (for status 200),
/// served within ``OnlineConfiguration/servedBeforeNanoseconds`` before to
/// ``OnlineConfiguration/servedAfterNanoseconds`` after the event. Each answer explains at
/// most one event; among candidates the latest one at or before the event wins, else the
/// earliest after it. An event without a candidate is unattributed, never guessed.
///
/// Events without items (status ≠ 200: the client saw no list) match on user and time alone,
/// and only answers no status-200 event claimed: call ``attribute(userID:at:items:)`` for every
/// status-200 event first.
public struct Attributor: Sendable {
    private let configuration: OnlineConfiguration
    private var answers: [ServedAnswer]
    /// Indices into `answers` per user, by `at` ascending.
    private var byUser: [Int64: [Int]] = [:]
    private var used: [Bool]

    public init(served: [ServedAnswer], configuration: OnlineConfiguration) {
        self.configuration = configuration
        self.answers = served
        self.used = Array(repeating: false, count: served.count)
        for (index, answer) in served.enumerated() { byUser[answer.userID, default: []].append(index) }
        for user in byUser.keys { byUser[user]!.sort { served[$0].at < served[$1].at } }
    }

    /// Marks answers as already explaining an event (one attributed by an earlier batch).
    public mutating func claim(requestIDs: Set<String>) {
        guard !requestIDs.isEmpty else { return }
        for (index, answer) in answers.enumerated() where requestIDs.contains(answer.requestID) { used[index] = true }
    }

    /// The served answer behind the event of `userID` at `at` listing `items` (nil: any list),
    /// now claimed; nil when none fits.
    public mutating func attribute(userID: Int64, at: Int64, items: String?) -> ServedAnswer? {
        guard let candidates = byUser[userID] else { return nil }
        let earliest = at - configuration.servedBeforeNanoseconds
        let latest = at + configuration.servedAfterNanoseconds
        var before: Int?
        var after: Int?
        for index in candidates where !used[index] {
            let answer = answers[index]
            guard answer.at >= earliest else { continue }
            guard answer.at <= latest else { break }
            if let items, answer.items != items { continue }
            if answer.at <= at {
                before = index
            } else if after == nil {
                after = index
            }
        }
        guard let chosen = before ?? after else { return nil }
        used[chosen] = true
        return answers[chosen]
    }
}
