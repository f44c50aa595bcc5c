import MovieLog

/// The real lines of MOVIELOG.md and a parser with a fixed ingest clock, shared by the suites.
enum Fixture {
    /// The ingest clock of every test parser: 2025-11-01T00:00:00Z.
    static let now = Timestamp(seconds: 1_761_955_200)
    static let parser = MovieLogParser(now: now)

    static let watchLine = "2025-10-27T22:03:48.947788,39157,GET /data/m/the+matrix+1999/12.mpg"
    static let rateLine = "2022-09-29T23:24:55,3,GET /rate/star+wars+1977=3"
    static let recommendationLine =
        "2022-02-08T18:06:56.145104,284507,recommendation request 17645-team17.isri.cmu.edu:8082, "
        + "status 200, result: boxing+helena+1993, aliens+1986, airplane+1980, 133 ms"
    static let realLines = [watchLine, rateLine, recommendationLine]

    /// A line of each kind with `field` in place of the one under test.
    static func watch(
        time: String = "2025-10-27T22:03:48", user: String = "39157", movie: String = "the+matrix+1999",
        minute: String = "12"
    ) -> String {
        "\(time),\(user),GET /data/m/\(movie)/\(minute).mpg"
    }

    static func rate(
        time: String = "2022-09-29T23:24:55", user: String = "3", movie: String = "star+wars+1977",
        rating: String = "3"
    ) -> String {
        "\(time),\(user),GET /rate/\(movie)=\(rating)"
    }

    static func recommendation(
        user: String = "284507", server: String = "17645-team17.isri.cmu.edu:8082",
        status: String = "200", result: String = "boxing+helena+1993, aliens+1986",
        latency: String = "133 ms"
    ) -> String {
        "2022-02-08T18:06:56,\(user),recommendation request \(server), status \(status), result: \(result), \(latency)"
    }
}

extension Result<MovieLogEvent, MovieLogError> {
    /// The rejection, or `nil` when the line parsed.
    var rejection: MovieLogError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    /// The event, or `nil` when the line was rejected.
    var event: MovieLogEvent? {
        if case .success(let event) = self { return event }
        return nil
    }
}

/// Parses `line` with ``Fixture/parser``.
func parse(_ line: String) -> Result<MovieLogEvent, MovieLogError> { Fixture.parser.parse(line) }

/// Parses raw bytes with ``Fixture/parser``.
func parse(bytes: [UInt8]) -> Result<MovieLogEvent, MovieLogError> { Fixture.parser.parse(bytes) }

extension MovieLogEvent {
    /// The watch, or `nil` for another kind.
    var watch: Watch? {
        if case .watch(let watch) = self { return watch }
        return nil
    }

    /// The rating, or `nil` for another kind.
    var rating: Rating? {
        if case .rating(let rating) = self { return rating }
        return nil
    }

    /// The recommendation, or `nil` for another kind.
    var recommendation: RecommendationEvent? {
        if case .recommendation(let event) = self { return event }
        return nil
    }
}
