/// A deterministic synthetic movie-log stream: watch sessions, ratings and recommendation
/// lines of simulated users over a catalog of movies, with every dirty case of MOVIELOG.md
/// mixed in, and the ``StreamTruth`` an ingest of it must end up with.
///
/// The same ``Configuration`` gives the same bytes on every machine: the generator has its
/// own PRNG, formats every number itself, and never lets a `Dictionary` order reach the output.
///
/// What a stream holds:
/// - Watch sessions: one user streaming one movie, a minute line roughly every minute, with
///   missing minutes, minutes that overtake each other (the late one carries its earlier
///   time), and lines repeated byte for byte. Some sessions resume a movie, some follow a
///   recommendation that listed the movie.
/// - Ratings, some of them re-ratings: later ones, older ones arriving after newer ones, and
///   ones within the same microsecond as the current rating.
/// - Recommendation lines with status 200 (1 to 20 ids), 0 (timeouts) or 500, and
///   byte-identical copies of some of them a few lines later.
/// - Dirty lines, one ``DirtyCase`` each, each rejected by `MovieLogParser` with the rule the
///   truth counts.
///
/// Times mostly increase. A user's lines are in the stream in the order generated, and in time
/// order except those ``LineIntent/isInUserTimeOrder`` says are not; lines of different users
/// may be reordered (as a producer keyed by user id does) without changing the truth.
public struct StreamGenerator: Sendable {
    /// What to generate.
    public var configuration: Configuration

    /// Creates a generator.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Generates the stream, handing each line to `sink` as it is made.
    ///
    /// - Parameter sink: called once per line, exactly ``Configuration/lines`` times, with the
    ///   line's bytes without a line ending; the buffer is valid only during the call. An
    ///   error it throws stops the generation.
    /// - Returns: what an ingest of all the lines must end up with.
    /// - Precondition: `configuration.problems` is empty.
    public func generate(into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows -> StreamTruth {
        try generateLabelled(into: { bytes, _ in try sink(bytes) })
    }

    /// Generates the stream like ``generate(into:)``, also telling `sink` what each line is
    /// meant to be.
    /// - Precondition: `configuration.problems` is empty.
    public func generateLabelled(into sink: (UnsafeRawBufferPointer, LineIntent) throws -> Void) rethrows
        -> StreamTruth
    {
        var world = World(configuration: configuration)
        var line = LineBuilder()
        for _ in 0..<configuration.lines {
            line.reset()
            let intent = world.emitLine(into: &line)
            try line.bytes.withUnsafeBytes { try sink($0, intent) }
        }
        return world.truth()
    }

    /// The whole stream in memory, one byte array per line (without line endings), and its
    /// truth. Meant for tests and small streams; use ``generate(into:)`` for big ones.
    public func lines() -> (lines: [[UInt8]], truth: StreamTruth) {
        var lines: [[UInt8]] = []
        lines.reserveCapacity(configuration.lines)
        let truth = generate { lines.append(Array($0)) }
        return (lines, truth)
    }
}
