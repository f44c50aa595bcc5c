import MovieLog

extension Audience {
    /// What a user did after one recommendation list.
    public struct Reaction: Sendable, Hashable {
        /// The listed movie the user started watching, or nil.
        public var watched: String?
        /// The session's minute lines (and dirty lines mixed in), stamped after the list, in
        /// time order, without line endings.
        public var lines: [[UInt8]]
        public var counts: LineCounts
    }

    /// The user of live request number `serial`: calls walk through all users (new users
    /// included) in a seeded order that repeats nobody until everybody has called, so a short
    /// stretch of traffic does not count one user's watching for many of their calls.
    public func requestUser(serial: UInt64) -> Int {
        let count = UInt64(viewers.count)
        var stride = (configuration.seed &* 0x9E37_79B9_7F4A_7C15) % count | 1
        while Self.greatestCommonDivisor(stride, count) != 1 { stride += 1 }
        return Int((serial &* stride &+ configuration.seed) % count)
    }

    private static func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }

    /// How `user` reacts to `listed` (movie ids, best first) seen at `time` (nanoseconds since
    /// the epoch): looking down the list with attention ``attention``^rank, they start watching
    /// the first movie that wins its ``watchChance(user:movie:)`` draw, 20 s to 15 min later,
    /// and stream as many minutes as they like it. Drawn from the seed and `serial` alone, so
    /// the same answer gets the same reaction.
    public func react(user: Int, listed: [String], at time: Int64, serial: UInt64) -> Reaction {
        var random = Xoshiro256StarStar(seed: configuration.seed ^ 0x7265_6163_74 &+ serial &* 0x9E37_79B9)
        var look = 1.0
        var chosen: Int?
        for id in listed {
            if let movie = movieIndex[id], random.unit() < look * watchChance(user: user, movie: movie) {
                chosen = movie
                break
            }
            look *= Self.attention
        }
        var reaction = Reaction(watched: nil, lines: [], counts: LineCounts())
        guard let movie = chosen else { return reaction }
        reaction.watched = movies[movie].id
        let minutes = Self.watchedMinutes(
            affinity: affinity(user: user, movie: movie), runtime: movies[movie].runtime, random: &random)
        var moment = time + 20_000_000_000 + Int64(random.below(880_000_000_000))
        var dirt = DirtSource(seed: configuration.seed &+ serial)
        var line = LineBuilder()
        for minute in 0..<minutes {
            if random.chance(configuration.dirtyRate) {
                line.reset()
                dirt.write(at: moment, into: &line)
                reaction.lines.append(line.bytes)
                reaction.counts.dirtyLines += 1
            }
            line.reset()
            let format = Self.lineFormat(using: &random)
            line.append(time: format.truncate(moment), format)
            line.append(byte: UInt8(ascii: ","))
            line.append(bytes: viewers[user].idBytes)
            line.append(",GET /data/m/")
            line.append(bytes: movies[movie].idBytes)
            line.append(byte: UInt8(ascii: "/"))
            line.append(decimal: Int64(minute))
            line.append(".mpg")
            reaction.lines.append(line.bytes)
            reaction.counts.watchLines += 1
            moment += 58_000_000_000 + Int64(random.below(4_000_000_000))
        }
        reaction.counts.lines = reaction.counts.watchLines + reaction.counts.dirtyLines
        return reaction
    }

    /// The line a client writes after calling the service: `<time>,<user>,recommendation
    /// request <server>, status <code>, result: <ids or error text>, <latency> ms`, the time
    /// printed to the microsecond.
    public static func recommendationLine(
        at time: Int64, userID: Int64, server: String, status: Int, result: String, latencyMilliseconds: Int
    ) -> [UInt8] {
        var line = LineBuilder()
        line.append(time: TimeFormat.microseconds.truncate(time), .microseconds)
        line.append(byte: UInt8(ascii: ","))
        line.append(decimal: userID)
        line.append(",recommendation request ")
        line.append(server)
        line.append(", status ")
        line.append(decimal: Int64(status))
        line.append(", result: ")
        line.append(result)
        line.append(", ")
        line.append(decimal: Int64(latencyMilliseconds))
        line.append(" ms")
        return line.bytes
    }

    /// What a client logs when its call timed out or could not connect (status 0).
    public static func timeoutText(connectionRefused: Bool) -> String {
        connectionRefused ? World.timeoutTexts[2] : World.timeoutTexts[0]
    }
}
