import MovieLog
import Simulation

/// An ingest written independently of the generator: it parses every line with
/// `MovieLogParser`, stores what parses, quarantines what does not (and later byte-identical
/// copies of a recommendation line as `duplicate`), and keeps the rows an interactions table
/// would hold. Comparing its result with a ``StreamTruth`` checks the generator's bookkeeping.
struct ReferenceIngest {
    /// What happened to one line.
    enum Outcome: Equatable {
        case stored(MovieLogEvent)
        case quarantined(MovieLogError.Code)
    }

    /// The ingest clock the tests use: well after the stream's 2025 and well before 2099.
    static let now = Timestamp(year: 2026, month: 11, day: 24, hour: 0, minute: 0)!

    private let parser = MovieLogParser(now: ReferenceIngest.now)
    private var lines = 0
    private var validLines = 0
    private var dirtyLines = 0
    private var recommendationEvents = 0
    private var recommendationsOK = 0
    private var quarantined: [String: Int] = [:]
    private var seenRecommendations: Set<[UInt8]> = []
    private var minutes: [InteractionKey: Set<Int32>] = [:]
    private var rows: [InteractionKey: ExpectedInteraction] = [:]

    /// Ingests one line, in stream order.
    @discardableResult
    mutating func ingest(_ line: [UInt8]) -> Outcome {
        lines += 1
        switch parser.parse(line) {
        case .failure(let error):
            dirtyLines += 1
            quarantined[error.code.name, default: 0] += 1
            return .quarantined(error.code)
        case .success(let event):
            if case .recommendation(let recommendation) = event {
                guard seenRecommendations.insert(line).inserted else {
                    quarantined[MovieLogError.Code.duplicate.name, default: 0] += 1
                    return .quarantined(.duplicate)
                }
                recommendationEvents += 1
                if recommendation.status == 200 { recommendationsOK += 1 }
            }
            validLines += 1
            store(event)
            return .stored(event)
        }
    }

    private mutating func store(_ event: MovieLogEvent) {
        switch event {
        case .watch(let watch):
            let key = InteractionKey(userID: watch.userID, movieID: watch.movieID.rawValue)
            minutes[key, default: []].insert(watch.minute)
            var row = rows[key] ?? ExpectedInteraction()
            row.minutesWatched = minutes[key]!.count
            row.firstWatch = min(row.firstWatch ?? watch.time, watch.time)
            row.lastWatch = max(row.lastWatch ?? watch.time, watch.time)
            rows[key] = row
        case .rating(let rating):
            let key = InteractionKey(userID: rating.userID, movieID: rating.movieID.rawValue)
            var row = rows[key] ?? ExpectedInteraction()
            // Postgres keeps microseconds; among equal microseconds the later line wins.
            if row.ratedAt.map({ rating.time.microsecondsSinceEpoch >= $0.microsecondsSinceEpoch }) ?? true {
                row.rating = rating.rating
                row.ratedAt = rating.time
            }
            rows[key] = row
        case .recommendation:
            break
        }
    }

    /// What was ingested, in the generator's terms.
    var result: StreamTruth {
        StreamTruth(
            lines: lines, validLines: validLines, dirtyLines: dirtyLines, interactions: rows,
            recommendationEvents: recommendationEvents, recommendationsOK: recommendationsOK,
            quarantinedByRule: quarantined)
    }
}
