import Dispatch
import MovieLog
import Synchronization

/// Watch-through rate over a whole log, exactly as MOVIELOG.md defines it, whatever the order
/// of the lines: an event at A converts when the same user has a minute line of a listed movie
/// at T with A < T ≤ A + window.
///
/// Feed every parsed line with ``add(_:)`` (or a log's raw lines through ``LogLineReader``),
/// then ask for ``tally(served:)``. Watches and events are kept in flat arrays in arrival order
/// and grouped by user only once, in ``tally(served:)``, so memory grows with the log;
/// ``WTRStreamJoin`` is the bounded, arrival-order form.
///
/// Decisions the definition leaves open:
/// - A recommendation event equal to one already added (same instant, user, server, status,
///   result and latency: a duplicated message) counts once; ``OnlineTally/duplicates`` says
///   how many were dropped.
/// - Instants compare to the nanosecond as printed; a minutes-only time is second 0.
/// - Ratings don't convert; only minute lines do.
public struct WTRBatchJoin: Sendable {
    struct Event: Sendable {
        var event: RecommendationEvent
        var at: Int64
        var user: Int32
        /// `items` range of the event's movie numbers.
        var itemStart: Int32
        var itemCount: Int32
    }

    public let configuration: OnlineConfiguration
    /// Movie ids and their numbers; ``LogLineReader`` parses with it, so a watch's movie is
    /// numbered by the lookup that made its id.
    var movies = MovieIDTable(capacity: Int(Int32.max))
    var users = UserSlots()
    /// Minute lines read here, then those of merged joins.
    var watches: [WatchLine] = []
    var mergedWatches: [WatchPart] = []
    var events: [Event] = []
    var items: [Int32] = []
    var seen = DuplicateFilter()
    var duplicates = 0

    public init(configuration: OnlineConfiguration) {
        self.configuration = configuration
    }

    /// Reserves room for about `lines` log lines (say, a file's size over 100 bytes), so the
    /// arrays do not grow by copying while a large log is read.
    public mutating func reserve(lines: Int) {
        watches.reserveCapacity(lines)
        events.reserveCapacity(lines / 8)
        items.reserveCapacity(lines * 2)
    }

    /// Adds one parsed line (ratings are ignored).
    public mutating func add(_ event: MovieLogEvent) {
        switch event {
        case .watch(let watch): add(watch, movie: movies.number(of: watch.movieID))
        case .recommendation(let recommendation): add(recommendation)
        case .rating: break
        }
    }

    /// Adds a minute line whose movie is already numbered by ``movies``.
    mutating func add(_ watch: Watch, movie: Int32) {
        watches.append(
            WatchLine(at: watch.time.nanosecondsSinceEpoch, user: users.slot(of: watch.userID), movie: movie))
    }

    /// Adds a recommendation line (once, however often it is repeated).
    mutating func add(_ recommendation: RecommendationEvent) {
        guard !isDuplicate(recommendation) else {
            duplicates += 1
            return
        }
        let start = Int32(items.count)
        if recommendation.status == 200 { appendNumbers(of: recommendation.items) }
        events.append(
            Event(
                event: recommendation, at: recommendation.time.nanosecondsSinceEpoch,
                user: users.slot(of: recommendation.userID), itemStart: start, itemCount: Int32(items.count) - start))
    }

    /// Whether an equal event was added before; remembers `recommendation` as the next event if not.
    mutating func isDuplicate(_ recommendation: RecommendationEvent) -> Bool {
        events.withUnsafeBufferPointer { events in
            seen.isDuplicate(recommendation, index: Int32(events.count)) { events[Int($0)].event }
        }
    }

    /// Appends the numbers of `list`'s ids, in order, to `items`.
    private mutating func appendNumbers(of list: MovieIDList) {
        var joined = list.joined
        joined.withUTF8 { utf8 in
            let all = UnsafeRawBufferPointer(utf8)
            var start = 0
            for index in 0...all.count where index == all.count || all[index] == UInt8(ascii: ",") {
                if index > start { items.append(movies.number(of: UnsafeRawBufferPointer(rebasing: all[start..<index]))) }
                start = index + 1
            }
        }
    }

    /// Joins the events with the served answers and the watches; `threads` > 1 counts slices
    /// of the events side by side and merges their tallies (the same counts either way).
    public func tally(served: [ServedAnswer], threads: Int = 1) -> OnlineTally {
        let arms = attribute(served)
        let byUser = WatchIndex([WatchPart(lines: watches)] + mergedWatches, users: users.count)
        let slices = max(1, min(threads, events.count))
        let bounds = (0...slices).map { events.count * $0 / slices }
        let tallies = Mutex([OnlineTally?](repeating: nil, count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let tally = count(bounds[slice]..<bounds[slice + 1], arms: arms, watches: byUser)
            tallies.withLock { $0[slice] = tally }
        }
        var tally = OnlineTally()
        for slice in tallies.withLock({ $0 }) { tally.merge(slice!) }
        tally.duplicates = duplicates
        return tally
    }

    /// The tally of `range` of the events.
    private func count(_ range: Range<Int>, arms: [ServedAnswer?], watches: WatchIndex) -> OnlineTally {
        var tally = OnlineTally()
        let window = configuration.windowNanoseconds
        items.withUnsafeBufferPointer { items in
            for index in range {
                let event = events[index]
                let listed = UnsafeBufferPointer(
                    rebasing: items[Int(event.itemStart)..<Int(event.itemStart + event.itemCount)])
                let converted =
                    event.event.status == 200
                    && watches.watched(anyOf: listed, user: event.user, after: event.at, through: event.at + window)
                let answer = arms[index]
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
