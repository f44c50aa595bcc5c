import MovieLog

/// The running state of one user×movie pair while a stream is generated.
struct PairRecord {
    var minutes = MinuteSet()
    var firstWatch: Timestamp?
    var lastWatch: Timestamp?
    var rating: Int16?
    var ratedAt: Timestamp?

    mutating func watched(minute: Int, at time: Timestamp) {
        minutes.insert(minute)
        firstWatch = min(firstWatch ?? time, time)
        lastWatch = max(lastWatch ?? time, time)
    }

    /// Applies the storage rule: the rating with the greatest microsecond-floored time wins,
    /// and a later line wins a tie.
    mutating func rated(_ value: Int16, at time: Timestamp) {
        if let ratedAt, time.microsecondsSinceEpoch < ratedAt.microsecondsSinceEpoch { return }
        rating = value
        ratedAt = time
    }

    var expected: ExpectedInteraction {
        ExpectedInteraction(
            minutesWatched: minutes.count, firstWatch: firstWatch, lastWatch: lastWatch, rating: rating,
            ratedAt: ratedAt)
    }
}
