import MovieLog

/// Watch-through rate over a whole log, exactly as MOVIELOG.md defines it, whatever the order
/// of the lines: an event at A converts when the same user has a minute line of a listed movie
/// at T with A < T ≤ A + window.
///
/// Feed every parsed line with ``add(_:)``, then ask for ``tally(served:)``. Lines are kept
/// per user (watches as instant and movie number, events with their items), so memory grows
/// with the log; ``WTRStreamJoin`` is the bounded, arrival-order form.
///
/// Decisions the definition leaves open:
/// - A recommendation event equal to one already added (same instant, user, server, status,
///   result and latency: a duplicated message) counts once; ``OnlineTally/duplicates`` says
///   how many were dropped.
/// - Instants compare to the nanosecond as printed; a minutes-only time is second 0.
/// - Ratings don't convert; only minute lines do.
public struct WTRBatchJoin: Sendable {
    fileprivate struct Event: Sendable {
        var event: RecommendationEvent
        var at: Int64
        /// `items` range of the event's movie numbers.
        var itemStart: Int32
        var itemCount: Int32
    }

    private struct WatchMark: Sendable, Comparable {
        var at: Int64
        var movie: Int32

        static func < (lhs: WatchMark, rhs: WatchMark) -> Bool { (lhs.at, lhs.movie) < (rhs.at, rhs.movie) }
    }

    private struct UserLines: Sendable {
        var events: [Int32] = []
        var watches: [WatchMark] = []
        var watchesSorted = true
    }

    public let configuration: OnlineConfiguration
    private var movies = MovieNumbers()
    private var users: [Int64: Int32] = [:]
    private var lines: [UserLines] = []
    fileprivate var events: [Event] = []
    private var items: [Int32] = []
    private var seen: Set<RecommendationEvent> = []
    private var duplicates = 0

    public init(configuration: OnlineConfiguration) {
        self.configuration = configuration
        seen.reserveCapacity(1 << 16)
    }

    /// Adds one parsed line (ratings are ignored).
    public mutating func add(_ event: MovieLogEvent) {
        switch event {
        case .watch(let watch):
            let user = slot(of: watch.userID)
            let mark = WatchMark(at: watch.time.nanosecondsSinceEpoch, movie: movies.number(of: watch.movieID))
            if let last = lines[user].watches.last, mark < last { lines[user].watchesSorted = false }
            lines[user].watches.append(mark)
        case .recommendation(let recommendation):
            guard seen.insert(recommendation).inserted else {
                duplicates += 1
                return
            }
            let user = slot(of: recommendation.userID)
            let start = Int32(items.count)
            if recommendation.status == 200 { movies.appendNumbers(of: recommendation.items, to: &items) }
            lines[user].events.append(Int32(events.count))
            events.append(
                Event(
                    event: recommendation, at: recommendation.time.nanosecondsSinceEpoch, itemStart: start,
                    itemCount: Int32(items.count) - start))
        case .rating:
            break
        }
    }

    /// Joins the events with the served answers and the watches.
    public func tally(served: [ServedAnswer]) -> OnlineTally {
        let arms = attribute(served)
        var tally = OnlineTally()
        tally.duplicates = duplicates
        let window = configuration.windowNanoseconds
        for var user in lines {
            if !user.watchesSorted { user.watches.sort() }
            for index in user.events {
                let event = events[Int(index)]
                var converted = false
                if event.event.status == 200 {
                    converted = user.watches.withUnsafeBufferPointer { watches in
                        items.withUnsafeBufferPointer { items in
                            let listed = UnsafeBufferPointer(
                                rebasing: items[Int(event.itemStart)..<Int(event.itemStart + event.itemCount)])
                            var position = Self.firstIndex(after: event.at, in: watches)
                            while position < watches.count, watches[position].at <= event.at + window {
                                if listed.contains(watches[position].movie) { return true }
                                position += 1
                            }
                            return false
                        }
                    }
                }
                let answer = arms[Int(index)]
                tally.record(
                    arm: answer.map { Arm(experimentID: $0.experimentID, variant: $0.variant) },
                    modelVersion: answer?.modelVersion, at: event.at, status: event.event.status,
                    latencyMilliseconds: event.event.latencyMilliseconds, converted: converted,
                    bucketStart: configuration.bucket(of: event.at))
            }
        }
        return tally
    }

    /// The served answer of each event (by index), status-200 events first, each in time order.
    private func attribute(_ served: [ServedAnswer]) -> [ServedAnswer?] {
        var attributor = Attributor(served: served, configuration: configuration)
        var answers = [ServedAnswer?](repeating: nil, count: events.count)
        guard !served.isEmpty else { return answers }
        let order = events.indices.sorted { events[$0].at < events[$1].at }
        for index in order where events[index].event.status == 200 {
            let event = events[index]
            answers[index] = attributor.attribute(
                userID: event.event.userID, at: event.at, items: event.event.items.joined)
        }
        for index in order where events[index].event.status != 200 {
            answers[index] = attributor.attribute(userID: events[index].event.userID, at: events[index].at, items: nil)
        }
        return answers
    }

    /// The first position whose instant is after `instant` (binary search).
    private static func firstIndex(after instant: Int64, in watches: UnsafeBufferPointer<WatchMark>) -> Int {
        var low = 0
        var high = watches.count
        while low < high {
            let middle = (low + high) / 2
            if watches[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func slot(of userID: Int64) -> Int {
        if let slot = users[userID] { return Int(slot) }
        users[userID] = Int32(lines.count)
        lines.append(UserLines())
        return lines.count - 1
    }
}

extension WTRBatchJoin {
    /// The earliest and latest event instants added (nanoseconds since 1970), nil without events:
    /// the range of served log attribution needs.
    public var eventSpan: ClosedRange<Int64>? {
        guard let first = events.first else { return nil }
        var range = first.at...first.at
        for event in events { range = min(range.lowerBound, event.at)...max(range.upperBound, event.at) }
        return range
    }
}
