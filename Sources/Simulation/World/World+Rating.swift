extension World {
    /// Emits a rating line of a random user, 1 to 5.
    ///
    /// Three times in ten, a user who rated before rates that movie again: usually later
    /// (the new rating wins), a quarter of those times with a time 1 minute to 2 hours before
    /// the current rating (``LineIntent/olderRating``, it loses), and 15 % of those times within
    /// the same microsecond (``LineIntent/sameMicrosecondRating``, it wins by coming later).
    /// Otherwise the user rates the movie they watched last (60 %) or a popular one, which
    /// may be a movie they never watched. In-order ratings are never stamped before the user's
    /// earlier lines, so they always win.
    mutating func emitRating(into line: inout LineBuilder) -> LineIntent {
        let user = randomUser()
        let value = Int16(1 + random.below(5))
        let movie: Int
        let printed: (time: Int64, format: TimeFormat)
        let intent: LineIntent
        if let last = users[user].lastRated, random.chance(0.3) {
            movie = last.movie
            switch random.below(100) {
            case 0..<25:
                let format = TimeFormat.random(using: &random)
                let earlier = last.at - 60_000_000_000 - Int64(random.below(7_140_000_000_000))
                printed = (format.truncate(earlier), format)
                intent = .olderRating
            case 25..<40:
                printed = (last.at - last.at % 1000 + Int64(random.below(1000)), .nanoseconds)
                intent = .sameMicrosecondRating
                // Later in-order lines must not fall before it, so that they win.
                users[user].lastPrinted = max(users[user].lastPrinted, printed.time)
            default:
                printed = stamp(user: user, at: clock)
                intent = .rating
            }
        } else {
            if let watched = users[user].lastWatched, random.chance(0.6) {
                movie = watched.movie
            } else {
                movie = catalog.popular(random: &random)
            }
            printed = stamp(user: user, at: clock)
            intent = .rating
        }
        if intent != .olderRating { users[user].lastRated = (movie, printed.time) }
        writePrefix(&line, user: user, time: printed.time, format: printed.format)
        line.append("GET /rate/")
        line.append(bytes: catalog.slugs[movie])
        line.append(byte: UInt8(ascii: "="))
        line.append(decimal: Int64(value))
        recorder.rating(user: users[user].id, movie: movie, value: value, at: Self.timestamp(printed.time))
        return intent
    }
}
