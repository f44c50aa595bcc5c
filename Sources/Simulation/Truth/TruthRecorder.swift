import MovieLog

/// Collects a ``StreamTruth`` from the generator's decisions, line by line, in stream order.
///
/// It keeps one small record per user×movie pair and counters, never the lines.
struct TruthRecorder {
    private struct PairKey: Hashable {
        var user: Int64
        var movie: Int
    }

    private var pairs: [PairKey: PairRecord] = [:]
    private var validLines = 0
    private var dirtyLines = 0
    private var recommendationEvents = 0
    private var recommendationsOK = 0
    private var quarantined: [String: Int] = [:]

    mutating func watch(user: Int64, movie: Int, minute: Int, at time: Timestamp) {
        validLines += 1
        pairs[PairKey(user: user, movie: movie), default: PairRecord()].watched(minute: minute, at: time)
    }

    /// A byte-identical repeat of a minute line: stored again, changing nothing.
    mutating func repeatedWatch() {
        validLines += 1
    }

    mutating func rating(user: Int64, movie: Int, value: Int16, at time: Timestamp) {
        validLines += 1
        pairs[PairKey(user: user, movie: movie), default: PairRecord()].rated(value, at: time)
    }

    mutating func recommendation(status: Int16) {
        validLines += 1
        recommendationEvents += 1
        if status == 200 { recommendationsOK += 1 }
    }

    mutating func duplicate() {
        quarantined[MovieLogError.Code.duplicate.name, default: 0] += 1
    }

    mutating func dirty(_ code: MovieLogError.Code) {
        dirtyLines += 1
        quarantined[code.name, default: 0] += 1
    }

    /// The truth after `lines` lines, naming movies from `catalog`.
    func truth(lines: Int, catalog: Catalog) -> StreamTruth {
        var interactions: [InteractionKey: ExpectedInteraction] = [:]
        interactions.reserveCapacity(pairs.count)
        for (key, record) in pairs {
            interactions[InteractionKey(userID: key.user, movieID: catalog.name(key.movie))] = record.expected
        }
        return StreamTruth(
            lines: lines, validLines: validLines, dirtyLines: dirtyLines, interactions: interactions,
            recommendationEvents: recommendationEvents, recommendationsOK: recommendationsOK,
            quarantinedByRule: quarantined)
    }
}
