/// A run of minute lines of one user for one movie, roughly one per minute of time.
struct WatchSession {
    /// The user's index in the world's user table.
    let user: Int
    let movie: Int
    /// The next minute to stream.
    var nextMinute: Int
    /// One past the last minute this session streams.
    let endMinute: Int
    /// When the next line is due, in nanoseconds since the epoch.
    var nextTime: Int64
    /// A minute skipped over to be sent late, with the earlier time it carries.
    var owed: (minute: Int, time: Int64)?
    /// Creation order, to break ties between equal times the same way on every run.
    let serial: Int

    /// Whether the session has lines left.
    var isRunning: Bool { nextMinute < endMinute || owed != nil }

    /// Whether `self` is due before `other`.
    func isDue(before other: WatchSession) -> Bool {
        (nextTime, serial) < (other.nextTime, other.serial)
    }
}
