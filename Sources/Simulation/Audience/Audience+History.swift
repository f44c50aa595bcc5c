import MovieLog

extension Audience {
    /// What a history or a stretch of live traffic wrote.
    public struct LineCounts: Sendable, Hashable {
        /// Every line written, dirty ones included.
        public var lines = 0
        public var watchLines = 0
        public var ratingLines = 0
        public var recommendationLines = 0
        /// Lines the parser rejects on purpose.
        public var dirtyLines = 0

        public init() {}

        /// Adds another count.
        public mutating func add(_ other: LineCounts) {
            lines += other.lines
            watchLines += other.watchLines
            ratingLines += other.ratingLines
            recommendationLines += other.recommendationLines
            dirtyLines += other.dirtyLines
        }
    }

    /// One line of the history before it is written.
    private struct HistoryEvent {
        var time: Int64
        var user: Int32
        var movie: Int32
        /// The minute streamed, or −1 for the rating line.
        var minute: Int16
        var rating: Int8
    }

    /// Writes the history that ends at `end`, in time order: every planned session's minute
    /// lines (one a minute, a few seconds of jitter) and its rating line a few minutes after the
    /// last minute, with dirty lines mixed in at ``Configuration/dirtyRate``.
    ///
    /// The same configuration and `end` give the same bytes.
    /// - Parameter sink: called once per line, without a line ending; the buffer is valid only
    ///   during the call.
    public func writeHistory(endingAt end: Timestamp, into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows
        -> LineCounts
    {
        let start = end.nanosecondsSinceEpoch - Int64(configuration.historyDays) * 86_400_000_000_000
        var random = Xoshiro256StarStar(seed: configuration.seed ^ 0x6869_7374_6f72_79)
        var events: [HistoryEvent] = []
        events.reserveCapacity(history.reduce(0) { $0 + $1.reduce(0) { $0 + Int($1.minutes) + 1 } })
        for (user, sessions) in history.enumerated() {
            for session in sessions {
                var time = start + session.offset
                for minute in 0..<Int16(session.minutes) {
                    events.append(
                        HistoryEvent(time: time, user: Int32(user), movie: session.movie, minute: minute, rating: 0))
                    time += 58_000_000_000 + Int64(random.below(4_000_000_000))
                }
                if session.rating > 0 {
                    events.append(
                        HistoryEvent(
                            time: time + Int64(random.below(600_000_000_000)), user: Int32(user),
                            movie: session.movie, minute: -1, rating: session.rating))
                }
            }
        }
        events.sort { ($0.time, $0.user) < ($1.time, $1.user) }
        var dirt = DirtSource(seed: configuration.seed)
        var counts = LineCounts()
        var line = LineBuilder()
        for event in events {
            if random.chance(configuration.dirtyRate) {
                line.reset()
                dirt.write(at: event.time, into: &line)
                try line.bytes.withUnsafeBytes(sink)
                counts.dirtyLines += 1
            }
            line.reset()
            let format = Self.lineFormat(using: &random)
            line.append(time: format.truncate(event.time), format)
            line.append(byte: UInt8(ascii: ","))
            line.append(bytes: viewers[Int(event.user)].idBytes)
            let movie = movies[Int(event.movie)]
            if event.minute >= 0 {
                line.append(",GET /data/m/")
                line.append(bytes: movie.idBytes)
                line.append(byte: UInt8(ascii: "/"))
                line.append(decimal: Int64(event.minute))
                line.append(".mpg")
                counts.watchLines += 1
            } else {
                line.append(",GET /rate/")
                line.append(bytes: movie.idBytes)
                line.append(byte: UInt8(ascii: "="))
                line.append(decimal: Int64(event.rating))
                counts.ratingLines += 1
            }
            try line.bytes.withUnsafeBytes(sink)
        }
        counts.lines = counts.watchLines + counts.ratingLines + counts.dirtyLines
        return counts
    }
}

/// Dirty lines for the audience's streams: the stream generator's dirty cases (each rejected
/// by the parser with a known rule), stamped near the clean lines around them.
struct DirtSource {
    private var world: World

    init(seed: UInt64) {
        world = World(configuration: StreamGenerator.Configuration(seed: seed ^ 0x6469_7274, lines: 1))
    }

    /// Writes one dirty line stamped about `time` into `line`.
    mutating func write(at time: Int64, into line: inout LineBuilder) {
        world.clock = time
        _ = world.emitDirty(into: &line)
    }
}
