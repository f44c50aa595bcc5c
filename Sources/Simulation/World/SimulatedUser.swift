/// One user of the simulated world and what the generator remembers about them.
struct SimulatedUser {
    /// The id printed in the log.
    let id: Int64
    /// `id` as decimal bytes.
    let idBytes: [UInt8]
    /// The latest instant printed on one of the user's in-order lines, in nanoseconds since
    /// the epoch: a new in-order line is never stamped before it.
    var lastPrinted: Int64 = 0
    /// Whether a watch session of the user is running or scheduled.
    var busy = false
    /// The movie of the user's last finished session and the last minute it streamed.
    var lastWatched: (movie: Int, minute: Int)?
    /// The movie the user rated last and the time of that pair's winning rating.
    var lastRated: (movie: Int, at: Int64)?

    init(id: Int64) {
        self.id = id
        var line = LineBuilder()
        line.append(decimal: id)
        idBytes = line.bytes
    }

    /// The id of user number `index` (0-based): `index + 1`, except every 97th user, who gets a
    /// 10-digit id; the first of those has the largest id a line may carry, 9 999 999 999.
    static func id(index: Int, random: inout Xoshiro256StarStar) -> Int64 {
        guard index % 97 == 96 else { return Int64(index) + 1 }
        if index == 96 { return 9_999_999_999 }
        // index * 1009 + (0..<1000) never collides and stays below 9 999 999 999 for
        // index < 5 000 000.
        return 1_000_000_000 + Int64(index) * 1009 + Int64(random.below(1000))
    }
}
