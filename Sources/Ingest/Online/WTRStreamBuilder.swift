import Evaluation
import MovieLog
import Store

/// Watch-through rate in arrival order, for the streaming evaluator: pure, no I/O (like
/// ``IngestBatchBuilder``); ``WTRStreamService`` feeds it and writes its ``WTRCommit``s.
///
/// Every event of the last window stays in memory (and in `wtr_pending`): duplicates are
/// recognised against them and unconverted status-200 events wait for a watch. An event leaves
/// once its partition's watermark (the latest line instant seen) passes A + window + lateness,
/// so memory is bounded by the window. Each decision depends only on the lines in order and the
/// served log, never on where batches end, so a restart from the stored state gives the same
/// windows as a run that never stopped.
///
/// Where it differs from the batch join (``WTRBatchJoin``), which sees the whole log at once:
/// a watch counts only if it arrives after the event (Kafka keeps one user's lines in order when
/// they are keyed by user) and before the event expires; events are attributed in arrival order.
public struct WTRStreamBuilder: Sendable {
    private struct Held: Sendable {
        var row: WTRCommit.PendingEvent
        var movies: [Substring]
        var latency: Int32
        var fresh: Bool
    }

    public let groupID: String
    public let topic: String
    public let configuration: OnlineConfiguration
    /// How long past A + window an event is kept for late watches and copies, in nanoseconds.
    public let lateness: Int64
    public var parser: MovieLogParser
    private var table = MovieIDTable()
    private var held: [String: Held] = [:]
    private var byUser: [Int64: [String]] = [:]
    private var watermarks: [Int32: Int64] = [:]
    private var startOffsets: [Int32: Int64] = [:]
    private var nextOffsets: [Int32: Int64] = [:]
    private var fresh: [String] = []
    private var convertedStored: [String] = []
    /// Stored events replaced by a later event with the same key after they expired.
    private var replacedStored: [String] = []
    /// Lines, rejected lines and duplicated events added since the last commit.
    public private(set) var lineCount = 0
    public private(set) var rejected = 0
    public private(set) var duplicates = 0

    public init(
        groupID: String, topic: String, configuration: OnlineConfiguration, lateness: Int64, parser: MovieLogParser
    ) {
        self.groupID = groupID
        self.topic = topic
        self.configuration = configuration
        self.lateness = lateness
        self.parser = parser
    }

    /// Events held in memory (the bound the window sets).
    public var heldEvents: Int { held.count }

    /// Drops everything and starts from a new assignment's stored state.
    public mutating func reset(
        startOffsets: [Int32: Int64], pending: [WTRCommit.PendingEvent], watermarks: [Int32: Int64]
    ) {
        self.startOffsets = startOffsets
        self.watermarks = watermarks
        held.removeAll()
        byUser.removeAll()
        for row in pending {
            held[row.eventKey] = Held(row: row, movies: Self.movies(row.items), latency: 0, fresh: false)
            byUser[row.userID, default: []].append(row.eventKey)
        }
        clearBatch()
    }

    /// Adds one message; `offset` must grow within a partition.
    public mutating func add(partition: Int32, offset: Int64, bytes: UnsafeRawBufferPointer) {
        nextOffsets[partition] = offset + 1
        lineCount += 1
        let event: MovieLogEvent
        switch parser.parse(bytes, table: &table) {
        case .success(let parsed): event = parsed
        case .failure:
            rejected += 1
            return
        }
        let at = event.time.nanosecondsSinceEpoch
        watermarks[partition] = max(watermarks[partition] ?? at, at)
        switch event {
        case .watch(let watch): convert(watch, at: at)
        case .recommendation(let recommendation): hold(recommendation, at: at, partition: partition)
        case .rating: break
        }
    }

    /// The users and instants (nanoseconds) of events waiting for attribution, nil when none.
    public var attributionSpan: (users: Set<Int64>, span: ClosedRange<Int64>)? {
        guard !fresh.isEmpty else { return nil }
        var users: Set<Int64> = []
        var low = Int64.max
        var high = Int64.min
        for key in fresh {
            let row = held[key]!.row
            users.insert(row.userID)
            low = min(low, row.at)
            high = max(high, row.at)
        }
        return (users, low...high)
    }

    /// The batch as a commit, new events attributed with `served`; the builder then continues
    /// from the new offsets.
    public mutating func makeCommit(served: [ServedAnswer]) -> WTRCommit {
        var commit = WTRCommit(groupID: groupID, topic: topic)
        var attributor = Attributor(served: served, configuration: configuration)
        attributor.claim(requestIDs: Set(held.values.lazy.map(\.row.requestID).filter { !$0.isEmpty }))
        var windows: [WindowKey: ArmTally] = [:]
        for key in fresh {
            var event = held[key]!
            if let answer = attributor.attribute(
                userID: event.row.userID, at: event.row.at, items: event.row.status == 200 ? event.row.items : nil)
            {
                event.row.requestID = answer.requestID
                event.row.experimentID = answer.experimentID
                event.row.variant = answer.variant
            }
            event.fresh = false
            held[key] = event
            var one = ArmTally()
            one.events = 1
            one.ok = event.row.status == 200 ? 1 : 0
            one.conversions = event.row.converted ? 1 : 0
            one.latency.record(event.latency)
            windows[WindowKey(event.row, configuration), default: ArmTally()].merge(one)
        }
        for key in convertedStored {
            windows[WindowKey(held[key]!.row, configuration), default: ArmTally()].conversions += 1
        }
        commit.windows = windows.map { key, tally in
            WTRCommit.WindowDelta(
                experimentID: key.experimentID, variant: key.variant, windowStart: key.start,
                events: Int64(tally.events), ok: Int64(tally.ok), conversions: Int64(tally.conversions),
                latencyCounts: tally.latency.counts.map(Int64.init))
        }.sorted { ($0.experimentID, $0.variant, $0.windowStart) < ($1.experimentID, $1.variant, $1.windowStart) }
        let freshKeys = Set(fresh)
        commit.converted = convertedStored.filter { !freshKeys.contains($0) }
        for (key, event) in held where isExpired(event.row) {
            if !freshKeys.contains(key) { commit.expired.append(key) }
            held[key] = nil
            byUser[event.row.userID]?.removeAll { $0 == key }
            if byUser[event.row.userID]?.isEmpty == true { byUser[event.row.userID] = nil }
        }
        commit.expired += replacedStored
        commit.expired.sort()
        commit.inserted = fresh.compactMap { held[$0]?.row }
        commit.converted.removeAll { held[$0] == nil }
        commit.ranges = nextOffsets.keys.sorted().map { partition in
            IngestCommit.PartitionRange(
                partition: partition, expectedStart: startOffsets[partition] ?? 0, next: nextOffsets[partition]!)
        }
        commit.watermarks = watermarks.filter { nextOffsets[$0.key] != nil }
        startOffsets.merge(nextOffsets) { $1 }
        clearBatch()
        return commit
    }

    private mutating func clearBatch() {
        nextOffsets.removeAll(keepingCapacity: true)
        fresh.removeAll(keepingCapacity: true)
        convertedStored.removeAll(keepingCapacity: true)
        replacedStored.removeAll(keepingCapacity: true)
        lineCount = 0
        rejected = 0
        duplicates = 0
    }

    private func isExpired(_ row: WTRCommit.PendingEvent) -> Bool {
        (watermarks[row.partition] ?? Int64.min) > row.at + configuration.windowNanoseconds + lateness
    }

    private mutating func convert(_ watch: Watch, at: Int64) {
        guard let keys = byUser[watch.userID] else { return }
        let movie = Substring(watch.movieID.rawValue)
        for key in keys {
            guard var event = held[key], event.row.status == 200, !event.row.converted, !isExpired(event.row),
                event.row.at < at, at <= event.row.at + configuration.windowNanoseconds,
                event.movies.contains(movie)
            else { continue }
            event.row.converted = true
            if !event.fresh { convertedStored.append(key) }
            held[key] = event
        }
    }

    private mutating func hold(_ recommendation: RecommendationEvent, at: Int64, partition: Int32) {
        let key = Self.key(of: recommendation, at: at)
        if let original = held[key] {
            guard isExpired(original.row) else {
                duplicates += 1
                return
            }
            if !original.fresh { replacedStored.append(key) }
        }
        let items = recommendation.items.joined
        let row = WTRCommit.PendingEvent(
            partition: partition, eventKey: key, userID: recommendation.userID, at: at, status: recommendation.status,
            items: items, converted: false, requestID: "", experimentID: "", variant: "")
        if held[key] == nil { byUser[recommendation.userID, default: []].append(key) }
        held[key] = Held(
            row: row, movies: Self.movies(items), latency: recommendation.latencyMilliseconds, fresh: true)
        fresh.append(key)
    }

    /// Equal for copies of one event (same instant, user, server, status, result, latency): two
    /// 64-bit FNV-1a hashes of its fields, as 32 hex digits.
    static func key(of event: RecommendationEvent, at: Int64) -> String {
        let result: String
        switch event.result {
        case .items(let items): result = items.joined
        case .error(let text): result = "!" + text
        }
        let text = "\(event.userID)|\(at)|\(event.server)|\(event.status)|\(event.latencyMilliseconds)|\(result)"
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 1
        }
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(first) + hex(second)
    }

    private static func movies(_ items: String) -> [Substring] {
        items.split(separator: ",", omittingEmptySubsequences: true)
    }
}

/// A `wtr_windows` row's key.
private struct WindowKey: Hashable {
    var experimentID: String
    var variant: String
    var start: Int64

    init(_ row: WTRCommit.PendingEvent, _ configuration: OnlineConfiguration) {
        experimentID = row.experimentID
        variant = row.variant
        start = configuration.bucket(of: row.at)
    }
}
