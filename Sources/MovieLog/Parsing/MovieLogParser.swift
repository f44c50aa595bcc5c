/// Parses movie-log lines, byte by byte, into ``MovieLogEvent``s or ``MovieLogError``s.
///
/// The three line kinds and the dirty cases are those of MOVIELOG.md. Decisions the format
/// leaves open, made here once:
/// - One trailing `\n` (or `\r\n`) is ignored; anything else outside the grammar rejects the line.
/// - Times are `YYYY-MM-DDTHH:MM`, `…:SS` or `…:SS.f` with 1 to 9 fraction digits, read as
///   UTC; they must be a real calendar instant from 1970 on and at most
///   ``Configuration/futureSkew`` ahead of the ingest clock.
/// - User ids are 1 to 10 decimal digits with value > 0 (leading zeros are allowed: `007` is 7).
/// - Minutes are 1 to 9 decimal digits. Ratings are exactly one digit `1`…`5`.
/// - A recommendation's latency is the text after the last `", "`: an integer, a space and
///   `ms` or `s`. Status is 0 or 100…599. With status 200 the result is 1 to 20 movie ids
///   separated by `", "`; otherwise it is error text, which may not hold control characters
///   or the shell/SQL metacharacters `; & | $ \` < > \ "`.
/// - The server is `host:port` with host bytes `A-Z a-z 0-9 . - _`.
public struct MovieLogParser: Sendable {
    /// Limits the parser applies.
    public struct Configuration: Sendable {
        /// How far ahead of the ingest clock a line's time may lie, in seconds. Default 1 day.
        public var futureSkew: Int64 = 86_400
        /// The most movie ids a status-200 result may list. Default 20.
        public var maximumItems: Int = 20

        public init() {}
    }

    /// The ingest clock: lines stamped more than `configuration.futureSkew` after it are
    /// rejected as far-future.
    public var now: Timestamp
    public var configuration: Configuration

    /// Creates a parser that judges far-future times against `now`.
    public init(now: Timestamp, configuration: Configuration = .init()) {
        self.now = now
        self.configuration = configuration
    }

    /// Parses one message. `line` may end in one `\n` or `\r\n`.
    public func parse(_ line: UnsafeRawBufferPointer) -> Result<MovieLogEvent, MovieLogError> {
        var fresh = FreshMovieIDs()
        return parse(line, &fresh)
    }

    /// Parses one message, taking movie ids from `table` (one shared string per distinct id):
    /// the fast path for streams, which name the same movies over and over.
    public func parse(_ line: UnsafeRawBufferPointer, table: inout MovieIDTable) -> Result<MovieLogEvent, MovieLogError>
    {
        parse(line, &table)
    }

    private func parse(_ line: UnsafeRawBufferPointer, _ movieIDs: inout some MovieIDMaker) -> Result<
        MovieLogEvent, MovieLogError
    > {
        var end = line.count
        if end > 0, line[end - 1] == UInt8(ascii: "\n") {
            end -= 1
            if end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        }
        if end == 0 { return .failure(MovieLogError(.empty, "the message is empty")) }
        let bytes = UnsafeRawBufferPointer(rebasing: line[0..<end])
        // Every field but a recommendation's error text accepts ASCII only, so an accepted line
        // is valid UTF-8 once its error text is (checked there); encoding is checked for the
        // whole line only when the line is rejected, and then comes before any other reason.
        var cursor = ByteCursor(bytes)
        do {
            let time = try parseTime(&cursor)
            let userID = try parseUserID(&cursor)
            if cursor.peek == UInt8(ascii: "G") {
                if cursor.skip(Self.watchPrefix) {
                    return .success(.watch(try parseWatch(&cursor, time, userID, &movieIDs)))
                }
                if cursor.skip(Self.ratePrefix) {
                    return .success(.rating(try parseRating(&cursor, time, userID, &movieIDs)))
                }
            } else if cursor.skip(Self.recommendationPrefix) {
                return .success(.recommendation(try parseRecommendation(&cursor, time, userID)))
            }
            let rest = cursor.remaining
            for prefix in [Self.watchPrefix, Self.ratePrefix, Self.recommendationPrefix]
            where ByteCursor.isProperPrefix(rest, of: prefix) {
                throw MovieLogError(.truncated, "the line ends inside the request ('\(LineText.excerpt(rest))')")
            }
            throw MovieLogError(
                .unknownKind,
                "'\(LineText.excerpt(rest, limit: 40))' is not a watch (GET /data/m/…), rate (GET /rate/…) "
                    + "or recommendation request")
        } catch let error as MovieLogError {
            if !Self.isASCII(bytes) && !Self.isUTF8(bytes) {
                return .failure(MovieLogError(.encoding, "the line is not valid UTF-8: '\(LineText.excerpt(bytes))'"))
            }
            return .failure(error)
        } catch {
            preconditionFailure("the parser throws only MovieLogError")
        }
    }

    /// Parses one message given as bytes.
    public func parse(_ line: some Sequence<UInt8>) -> Result<MovieLogEvent, MovieLogError> {
        if let result = line.withContiguousStorageIfAvailable({ parse(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(line).withUnsafeBytes { parse($0) }
    }

    /// Parses one message given as text.
    public func parse(_ line: String) -> Result<MovieLogEvent, MovieLogError> {
        var line = line
        return line.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    static var watchPrefix: StaticString { "GET /data/m/" }
    static var ratePrefix: StaticString { "GET /rate/" }
    static var recommendationPrefix: StaticString { "recommendation request " }

    // MARK: Fields

    private func parseUserID(_ cursor: inout ByteCursor) throws -> Int64 {
        guard let field = cursor.take(until: UInt8(ascii: ",")) else {
            throw MovieLogError(.truncated, "the line ends inside the user id")
        }
        let value = try unsignedDecimal(field, "user id", .userID, maximumDigits: 10, rule: "a positive integer")
        guard value > 0 else {
            throw MovieLogError(.userID, "user id '\(LineText.excerpt(field, limit: 20))' is 0; it must be > 0")
        }
        return value
    }

    /// A field of 1 to `maximumDigits` decimal digits; a rejection names the field (`name`)
    /// and says what it must be (`rule`).
    private func unsignedDecimal(
        _ field: UnsafeRawBufferPointer, _ name: String, _ code: MovieLogError.Code, maximumDigits: Int, rule: String
    ) throws -> Int64 {
        func text() -> String { LineText.excerpt(field, limit: 20) }
        if field.first == UInt8(ascii: "-"), field.count > 1, ByteCursor.allDigits(field.dropFirst()) {
            throw MovieLogError(code, "\(name) '\(text())' is negative; it must be \(rule)")
        }
        guard !field.isEmpty, ByteCursor.allDigits(field[...]) else {
            throw MovieLogError(code, "\(name) '\(text())' is not a decimal integer (it must be \(rule))")
        }
        guard field.count <= maximumDigits else {
            throw MovieLogError(
                code, "\(name) '\(text())' has \(field.count) digits; at most \(maximumDigits) are allowed")
        }
        return ByteCursor.decimal(field[...])
    }

    /// The movie id scanned by ``ByteCursor/takeSlug(until:)``; the slow check runs only to
    /// say what is wrong.
    private func parseMovieID(
        _ scanned: (field: UnsafeRawBufferPointer, isSlug: Bool), _ movieIDs: inout some MovieIDMaker
    ) throws -> MovieID {
        if !scanned.isSlug, let problem = MovieID.problem(in: scanned.field) { throw MovieLogError(.movieID, problem) }
        return movieIDs.make(scanned.field)
    }

    private func parseWatch(
        _ cursor: inout ByteCursor, _ time: Timestamp, _ userID: Int64, _ movieIDs: inout some MovieIDMaker
    ) throws -> Watch {
        guard let movie = cursor.takeSlug(until: UInt8(ascii: "/")) else {
            throw MovieLogError(.truncated, "the line ends inside the movie id of a watch request")
        }
        let movieID = try parseMovieID(movie, &movieIDs)
        guard let minuteField = cursor.take(until: UInt8(ascii: ".")) else {
            let rest = cursor.remaining
            if !rest.isEmpty, !ByteCursor.allDigits(rest[...]) {
                throw MovieLogError(
                    .minute, "minute '\(LineText.excerpt(rest, limit: 20))' is not a decimal integer >= 0")
            }
            throw MovieLogError(.truncated, "the line ends inside the minute of a watch request")
        }
        let minute = try parseMinute(minuteField)
        let suffix = cursor.remaining
        if !ByteCursor.equals(suffix, "mpg") {
            if ByteCursor.isProperPrefix(suffix, of: "mpg") {
                throw MovieLogError(.truncated, "the line ends before '.mpg' of a watch request")
            }
            throw MovieLogError(.request, "watch request ends in '.\(LineText.excerpt(suffix, limit: 20))', not '.mpg'")
        }
        return Watch(time: time, userID: userID, movieID: movieID, minute: minute)
    }

    private func parseMinute(_ field: UnsafeRawBufferPointer) throws -> Int32 {
        Int32(try unsignedDecimal(field, "minute", .minute, maximumDigits: 9, rule: ">= 0"))
    }

    private func parseRating(
        _ cursor: inout ByteCursor, _ time: Timestamp, _ userID: Int64, _ movieIDs: inout some MovieIDMaker
    ) throws -> Rating {
        guard let movie = cursor.takeSlug(until: UInt8(ascii: "=")) else {
            throw MovieLogError(.truncated, "the line ends inside the movie id of a rate request")
        }
        let movieID = try parseMovieID(movie, &movieIDs)
        let field = cursor.remaining
        guard !field.isEmpty else { throw MovieLogError(.truncated, "the line ends before the rating") }
        func text() -> String { LineText.excerpt(field, limit: 20) }
        guard field.count == 1, let digit = field.first, ByteCursor.isDigit(digit) else {
            throw MovieLogError(.rating, "rating '\(text())' is not a single digit from 1 to 5")
        }
        let value = Int16(digit - UInt8(ascii: "0"))
        guard (1...5).contains(value) else {
            throw MovieLogError(.rating, "rating \(value) is outside 1 to 5")
        }
        return Rating(time: time, userID: userID, movieID: movieID, rating: value)
    }
}
