/// The kinds of dirty line the generator injects: every case MOVIELOG.md lists, plus broken
/// fields of the other rules, so each rejection code of ``MovieLog/MovieLogError/Code``
/// except `duplicate` has a line that triggers it.
///
/// A case names what is wrong, not the code: SQL text in a user id is `user_id`, in a movie id
/// `movie_id`. Dirty lines hold no `\n` or `\r`, so a stream can be written one line per row.
public enum DirtyCase: String, CaseIterable, Hashable, Sendable {
    /// `-39157` as the user id.
    case negativeUserID = "negative_user_id"
    /// `abc`, `user39157`, `0x1F`, an empty field, 0 or 11 digits as the user id.
    case nonNumericUserID = "non_numeric_user_id"
    /// A rating of 0, 6, 9, 10, -1 or 4.5.
    case ratingOutOfRange = "rating_out_of_range"
    /// A rating of `seven`, `five`, `x` or `4 stars`.
    case nonNumericRating = "non_numeric_rating"
    /// A movie id with spaces.
    case movieIDWithSpace = "movie_id_space"
    /// A movie id with upper-case letters.
    case movieIDUpperCase = "movie_id_upper_case"
    /// A movie id with a control character (never `\n` or `\r`).
    case movieIDControlCharacter = "movie_id_control_character"
    /// A movie id of 257 to 400 bytes.
    case movieIDTooLong = "movie_id_too_long"
    /// A time that is not `YYYY-MM-DDTHH:MM[:SS[.f]]` or no real instant (month 13,
    /// February 30, a space for `T`, a zone suffix, 10 fraction digits, 1969).
    case unparseableTimestamp = "unparseable_timestamp"
    /// A well-formed time in the year 2099 or later.
    case futureTimestamp = "future_timestamp"
    /// A valid line cut short, inside a field.
    case truncatedLine = "truncated_line"
    /// A message of zero bytes.
    case emptyMessage = "empty_message"
    /// Bytes that are not UTF-8 (Latin-1, a lone continuation byte, an overlong encoding, a
    /// sequence cut short).
    case nonUTF8 = "non_utf8"
    /// A status-200 recommendation whose result is not a list of movie ids (a JSON array,
    /// prose, nothing, commas without spaces, 21 ids).
    case resultNotList = "result_not_list"
    /// A recommendation status that is not an HTTP status number (`OK`, `2OO`, `-1`, `1000`).
    case nonNumericStatus = "non_numeric_status"
    /// `x');DROP TABLE interactions;--` and kin in a user id, movie id, rating, result item,
    /// or error text.
    case sqlInjection = "sql_injection"
    /// Shell metacharacters (`$( )`, `|`, backticks, `;`, `>`) in a user id, movie id, rating,
    /// server or error text.
    case shellMetacharacters = "shell_metacharacters"
    /// A line of none of the three kinds (`POST /rate/…`, `GET /search?…`).
    case unknownKind = "unknown_kind"
    /// A negative or non-numeric minute.
    case badMinute = "bad_minute"
    /// A watch request for `.mp4` or `.avi` instead of `.mpg`.
    case badRequest = "bad_request"
    /// A recommendation server that is not `host:port`.
    case badServer = "bad_server"
    /// A recommendation latency that is not an integer and a unit.
    case badLatency = "bad_latency"
}
