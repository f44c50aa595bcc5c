import MovieLog

extension WTRBatchJoin {
    /// Adds what `other` read from another part of the same log, as if its lines had been
    /// added here: its movies and users are renumbered into this join's, and its events are
    /// checked against these for duplicates. Lets parts of a file be read on several threads.
    public mutating func merge(_ other: WTRBatchJoin) {
        let movieNumbers = (0..<other.movies.remembered).map { movies.number(of: other.movies.id(number: Int32($0))) }
        let userSlots = other.users.ids.map { users.slot(of: $0) }
        // Its watches keep their numbers, with maps into ours (composed for parts it merged).
        for part in [WatchPart(lines: other.watches)] + other.mergedWatches {
            mergedWatches.append(
                WatchPart(
                    lines: part.lines, users: part.users?.map { userSlots[Int($0)] } ?? userSlots,
                    movies: part.movies?.map { movieNumbers[Int($0)] } ?? movieNumbers))
        }
        for event in other.events {
            guard !isDuplicate(event.event) else {
                duplicates += 1
                continue
            }
            let start = Int32(items.count)
            for item in other.items[Int(event.itemStart)..<Int(event.itemStart + event.itemCount)] {
                items.append(movieNumbers[Int(item)])
            }
            events.append(
                Event(
                    event: event.event, at: event.at, user: userSlots[Int(event.user)], itemStart: start,
                    itemCount: event.itemCount))
        }
        duplicates += other.duplicates
    }
}
