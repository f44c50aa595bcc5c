import MovieLog

/// The simulated world behind one stream: users, the catalog, running watch sessions and a
/// clock. Each call of ``emitLine(into:)`` decides one line, writes it and records its effect
/// on the truth.
///
/// The clock advances by a random step before every decided line, so in-order lines are
/// stamped with strictly increasing instants. A line prints the clock truncated to a random
/// ``TimeFormat``, but never before its user's previous in-order line
/// (``SimulatedUser/lastPrinted``); recommendation lines print strictly after it, which makes
/// every original recommendation line unique.
struct World {
    let configuration: StreamGenerator.Configuration
    var random: Xoshiro256StarStar
    let catalog: Catalog
    var users: [SimulatedUser]
    var sessions = SessionQueue()
    var recorder = TruthRecorder()
    /// The latest decided instant, in nanoseconds since the epoch.
    var clock: Int64
    /// The mean clock step, in nanoseconds (the step is uniform in 1...2 × this).
    let meanStep: Int64
    /// How many sessions run at once, so that minute lines come about once a minute each.
    let targetSessions: Int
    /// Lines emitted so far.
    var emitted = 0
    var sessionSerial = 0
    /// A minute line to emit again, byte for byte, as the next line.
    var repeatLine: [UInt8]?
    /// Recommendation lines to emit again once `emitted` reaches `due`.
    var pendingDuplicates: [(bytes: [UInt8], due: Int)] = []

    /// The longest a stream may span, in nanoseconds (60 days).
    static let longestSpan: Int64 = 60 * 86_400 * 1_000_000_000
    /// The usual clock step, in nanoseconds (0.5 s).
    static let usualStep: Int64 = 500_000_000
    /// The time between two minute lines of a session, in nanoseconds (one minute).
    static let minuteLine: Int64 = 60_000_000_000

    init(configuration: StreamGenerator.Configuration) {
        let problems = configuration.problems
        precondition(problems.isEmpty, "invalid stream configuration: \(problems.joined(separator: "; "))")
        self.configuration = configuration
        random = Xoshiro256StarStar(seed: configuration.seed)
        catalog = Catalog(count: configuration.movies, random: &random)
        var users: [SimulatedUser] = []
        users.reserveCapacity(configuration.users)
        for index in 0..<configuration.users {
            users.append(SimulatedUser(id: SimulatedUser.id(index: index, random: &random)))
        }
        self.users = users
        clock = configuration.start.nanosecondsSinceEpoch
        meanStep = max(1, min(Self.usualStep, Self.longestSpan / Int64(max(configuration.lines, 1))))
        let watchShare =
            (1 - configuration.dirtyRate) * (1 - configuration.recommendationShare - configuration.ratingShare)
        let perMinute = Double(Self.minuteLine / meanStep) * watchShare
        targetSessions = max(1, min(configuration.users / 2, Int(perMinute)))
    }

    /// Decides the next line, writes it into `line` (which must be empty) and returns what it is.
    mutating func emitLine(into line: inout LineBuilder) -> LineIntent {
        defer { emitted += 1 }
        if let repeated = repeatLine {
            repeatLine = nil
            line.append(bytes: repeated)
            recorder.repeatedWatch()
            return .repeatedWatch
        }
        if let index = pendingDuplicates.firstIndex(where: { $0.due <= emitted }) {
            line.append(bytes: pendingDuplicates.remove(at: index).bytes)
            recorder.duplicate()
            return .duplicateRecommendation
        }
        clock += 1 + Int64(random.below(Int(2 * meanStep)))
        if random.chance(configuration.dirtyRate) { return emitDirty(into: &line) }
        let draw = random.unit()
        if draw < configuration.recommendationShare { return emitRecommendation(into: &line) }
        if draw < configuration.recommendationShare + configuration.ratingShare { return emitRating(into: &line) }
        return emitWatch(into: &line)
    }

    /// The truth over the lines emitted so far.
    func truth() -> StreamTruth {
        recorder.truth(lines: emitted, catalog: catalog)
    }

    // MARK: Shared helpers

    /// A user index, skewed toward low indices half of the time (some users are much more
    /// active than others).
    mutating func randomUser() -> Int {
        let first = random.below(users.count)
        guard random.chance(0.5) else { return first }
        return first * random.below(users.count) / users.count
    }

    /// An idle user, or `nil` when a few draws find none.
    mutating func randomIdleUser() -> Int? {
        for _ in 0..<8 {
            let user = random.below(users.count)
            if !users[user].busy { return user }
        }
        return nil
    }

    /// The instant and format an in-order line of `user` prints for `time`: a random format,
    /// or all nine digits when the truncated time would fall before (or, with `strictly`, on)
    /// the user's previous in-order line. Records the printed instant as the user's latest.
    mutating func stamp(user: Int, at time: Int64, strictly: Bool = false) -> (time: Int64, format: TimeFormat) {
        var format = TimeFormat.random(using: &random)
        var printed = format.truncate(time)
        let last = users[user].lastPrinted
        if printed < last || (strictly && printed == last) {
            format = .nanoseconds
            printed = time
        }
        users[user].lastPrinted = max(last, printed)
        return (printed, format)
    }

    /// A line time as a ``Timestamp``.
    static func timestamp(_ nanoseconds: Int64) -> Timestamp {
        Timestamp(seconds: nanoseconds / 1_000_000_000, nanoseconds: Int32(nanoseconds % 1_000_000_000))
    }

    /// Writes `<time>,<userid>,` for an in-order line.
    func writePrefix(_ line: inout LineBuilder, user: Int, time: Int64, format: TimeFormat) {
        line.append(time: time, format)
        line.append(byte: UInt8(ascii: ","))
        line.append(bytes: users[user].idBytes)
        line.append(byte: UInt8(ascii: ","))
    }
}
