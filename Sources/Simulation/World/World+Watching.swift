extension World {
    /// Emits the next minute line of the session due first, starting sessions for idle users
    /// while fewer than ``targetSessions`` run.
    ///
    /// A session streams minutes in order, one line a minute, except that now and then a
    /// minute is missing (3 %), a minute is sent after the next one with its earlier time
    /// (2 %), or a line is repeated byte for byte right after itself (2 %).
    mutating func emitWatch(into line: inout LineBuilder) -> LineIntent {
        while sessions.count < targetSessions, let user = randomIdleUser() {
            startSession(user: user, at: clock + Int64(random.below(Int(Self.minuteLine))))
        }
        // Sessions belong to busy users; when none runs every user is idle, so the loop above
        // has started one.
        guard var session = sessions.popFirst() else { preconditionFailure("no watch session to continue") }
        let now = max(clock, session.nextTime)
        clock = now
        let minute: Int
        let printed: (time: Int64, format: TimeFormat)
        let intent: LineIntent
        if let owed = session.owed {
            session.owed = nil
            minute = owed.minute
            let format = TimeFormat.random(using: &random)
            printed = (format.truncate(owed.time), format)
            intent = .lateWatch
        } else {
            var next = session.nextMinute
            if next + 1 < session.endMinute, random.chance(0.03) { next += 1 }
            printed = stamp(user: session.user, at: now)
            if next + 1 < session.endMinute, random.chance(0.02) {
                // Minute `next` is overtaken by `next + 1` and follows it with an earlier time.
                session.owed = (next, printed.time - 1_000_000_000 - Int64(random.below(29_000_000_000)))
                minute = next + 1
                session.nextMinute = next + 2
            } else {
                minute = next
                session.nextMinute = next + 1
            }
            intent = .watch
        }
        writePrefix(&line, user: session.user, time: printed.time, format: printed.format)
        line.append("GET /data/m/")
        line.append(bytes: catalog.slugs[session.movie])
        line.append(byte: UInt8(ascii: "/"))
        line.append(decimal: Int64(minute))
        line.append(".mpg")
        recorder.watch(
            user: users[session.user].id, movie: session.movie, minute: minute, at: Self.timestamp(printed.time))
        if intent == .watch, random.chance(0.02) { repeatLine = line.bytes }
        if session.isRunning {
            session.nextTime = now + Self.minuteLine - 2_000_000_000 + Int64(random.below(4_000_000_000))
            sessions.push(session)
        } else {
            users[session.user].busy = false
            users[session.user].lastWatched = (session.movie, session.nextMinute - 1)
        }
        return intent
    }

    /// Starts a session of `user` whose first line is due at `time`: now and then resuming
    /// the user's last movie a few minutes before where they stopped, else a popular movie (or
    /// `movie`) from the start. Nearly half the sessions run to the end of the movie; the rest
    /// stop at a random minute.
    mutating func startSession(user: Int, movie chosen: Int? = nil, at time: Int64) {
        var movie = chosen ?? catalog.popular(random: &random)
        var first = 0
        if chosen == nil, let last = users[user].lastWatched, last.minute + 1 < catalog.runtimes[last.movie],
            random.chance(0.1)
        {
            movie = last.movie
            first = max(0, last.minute - random.below(3))
        }
        let runtime = catalog.runtimes[movie]
        let end = random.chance(0.45) ? runtime : first + 1 + random.below(runtime - first)
        users[user].busy = true
        sessions.push(
            WatchSession(
                user: user, movie: movie, nextMinute: first, endMinute: end, nextTime: time, serial: sessionSerial))
        sessionSerial += 1
    }
}
