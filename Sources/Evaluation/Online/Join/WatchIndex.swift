/// A minute line as the batch join keeps it: when, whose (a ``UserSlots`` slot) and which movie
/// (a ``MovieLog/MovieIDTable`` number).
struct WatchLine: Sendable {
    var at: Int64
    var user: Int32
    var movie: Int32
}

/// Minute lines read by one join, with the maps that renumber their users and movies into the
/// join they were merged into (nil: already in its numbers). Merging keeps them as they are,
/// and ``WatchIndex`` renumbers them as it groups them, so no large array is copied twice.
struct WatchPart: Sendable {
    var lines: [WatchLine]
    var users: [Int32]?
    var movies: [Int32]?
}

/// The watches grouped by user, each user's in time order: built once per tally by a counting
/// sort on the user slot (stable, linear), then a sort of any user's run that arrived out of
/// order (a log need not be in time order).
struct WatchIndex: Sendable {
    private struct Mark: Comparable {
        var at: Int64
        var movie: Int32

        static func < (lhs: Mark, rhs: Mark) -> Bool { (lhs.at, lhs.movie) < (rhs.at, rhs.movie) }
    }

    /// User slot → first position in `marks`; one entry more than there are users.
    private let starts: [Int]
    private let marks: [Mark]

    init(_ parts: [WatchPart], users: Int) {
        var starts = [Int](repeating: 0, count: users + 1)
        for part in parts {
            for watch in part.lines { starts[Int(part.users?[Int(watch.user)] ?? watch.user) + 1] += 1 }
        }
        for user in 0..<users { starts[user + 1] += starts[user] }
        var next = starts
        var marks = [Mark](repeating: Mark(at: 0, movie: 0), count: starts[users])
        marks.withUnsafeMutableBufferPointer { marks in
            next.withUnsafeMutableBufferPointer { next in
                for part in parts {
                    for watch in part.lines {
                        let user = Int(part.users?[Int(watch.user)] ?? watch.user)
                        marks[next[user]] = Mark(at: watch.at, movie: part.movies?[Int(watch.movie)] ?? watch.movie)
                        next[user] += 1
                    }
                }
            }
            for user in 0..<users {
                let run = starts[user]..<starts[user + 1]
                if run.dropFirst().contains(where: { marks[$0] < marks[$0 - 1] }) {
                    var sorted = UnsafeMutableBufferPointer(rebasing: marks[run])
                    sorted.sort()
                }
            }
        }
        self.starts = starts
        self.marks = marks
    }

    /// Whether `user` watched any of `listed` at T with `after` < T ≤ `through`.
    func watched(anyOf listed: UnsafeBufferPointer<Int32>, user: Int32, after: Int64, through: Int64) -> Bool {
        guard Int(user) + 1 < starts.count else { return false }
        return marks.withUnsafeBufferPointer { marks in
            var low = starts[Int(user)]
            var high = starts[Int(user) + 1]
            while low < high {
                let middle = (low + high) / 2
                if marks[middle].at <= after { low = middle + 1 } else { high = middle }
            }
            let end = starts[Int(user) + 1]
            while low < end, marks[low].at <= through {
                if listed.contains(marks[low].movie) { return true }
                low += 1
            }
            return false
        }
    }
}
