import MovieLog

/// Parses raw log lines for the batch join and counts what they were: the `lines` block of the
/// report. Rejected lines are counted by rule (the parser's MOVIELOG.md rules), never joined.
public struct LogLineReader: Sendable {
    private let parser: MovieLogParser
    /// What the lines read so far were.
    public private(set) var counts = OnlineReport.Lines(
        read: 0, watches: 0, ratings: 0, recommendations: 0, rejectedByRule: [:])

    /// A reader judging far-future times against `parser`'s clock.
    public init(parser: MovieLogParser) { self.parser = parser }

    /// Parses one line (with or without its `\n`) and adds it to `join` when it is valid.
    public mutating func read(_ line: UnsafeRawBufferPointer, into join: inout WTRBatchJoin) {
        counts.read += 1
        // The join's own table makes the movie ids, so a watch's movie number comes with its id.
        switch parser.parse(line, table: &join.movies) {
        case .success(.watch(let watch)):
            counts.watches += 1
            join.add(watch, movie: join.movies.lastNumber)
        case .success(.rating):
            counts.ratings += 1
        case .success(.recommendation(let recommendation)):
            counts.recommendations += 1
            join.add(recommendation)
        case .failure(let error):
            counts.rejectedByRule[error.code.name, default: 0] += 1
        }
    }
}

extension OnlineReport.Lines {
    /// Adds the counts of another part of the same log.
    public mutating func add(_ other: OnlineReport.Lines) {
        read += other.read
        watches += other.watches
        ratings += other.ratings
        recommendations += other.recommendations
        rejectedByRule.merge(other.rejectedByRule, uniquingKeysWith: +)
    }
}
