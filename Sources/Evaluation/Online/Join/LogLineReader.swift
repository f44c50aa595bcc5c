import MovieLog

/// Parses raw log lines for the batch join and counts what they were: the `lines` block of the
/// report. Rejected lines are counted by rule (the parser's MOVIELOG.md rules), never joined.
public struct LogLineReader: Sendable {
    private let parser: MovieLogParser
    private var table = MovieIDTable()
    /// What the lines read so far were.
    public private(set) var counts = OnlineReport.Lines(
        read: 0, watches: 0, ratings: 0, recommendations: 0, rejectedByRule: [:])

    /// A reader judging far-future times against `parser`'s clock.
    public init(parser: MovieLogParser) { self.parser = parser }

    /// Parses one line (with or without its `\n`) and adds it to `join` when it is valid.
    public mutating func read(_ line: UnsafeRawBufferPointer, into join: inout WTRBatchJoin) {
        counts.read += 1
        switch parser.parse(line, table: &table) {
        case .success(let event):
            switch event {
            case .watch: counts.watches += 1
            case .rating: counts.ratings += 1
            case .recommendation: counts.recommendations += 1
            }
            join.add(event)
        case .failure(let error):
            counts.rejectedByRule[error.code.name, default: 0] += 1
        }
    }
}
