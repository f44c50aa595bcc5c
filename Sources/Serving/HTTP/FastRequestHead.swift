/// What ``RecommendFastPath`` makes of the bytes at the start of a connection's unread input.
///
/// It recognises one shape only, the one recommendation clients send on a kept-alive
/// connection: `GET /recommend/<uid> HTTP/1.1`, header lines ending in CRLF, then an empty
/// line, with no body and nothing that changes how the connection is framed or kept. Anything
/// else, including anything malformed, is ``route``: the full HTTP parser and the router deal
/// with it, with their usual answers and errors. So the fast path never answers a request the
/// router would have answered differently.
enum FastRequestHead: Equatable {
    /// A complete request head of `length` bytes asking for `userID`'s list.
    case recommend(userID: Int64, length: Int)
    /// A prefix of such a head: wait for more bytes.
    case incomplete
    /// Not a request the fast path answers.
    case route

    /// A head longer than this goes to the router (whose parser has its own limits).
    static let maximumLength = 8192

    private static let requestStart = Array("GET /recommend/".utf8)
    private static let version = Array("HTTP/1.1\r\n".utf8)

    /// Header names that change framing or connection handling: a request carrying one is routed.
    /// `Connection` is allowed only as `keep-alive`.
    private static let routedNames = ["content-length", "transfer-encoding", "expect", "upgrade", "te", "trailer"]
        .map { Array($0.utf8) }
    private static let connection = Array("connection".utf8)
    private static let keepAlive = Array("keep-alive".utf8)

    /// Classifies the head at the start of `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> FastRequestHead {
        let count = bytes.count
        for (offset, expected) in requestStart.enumerated() {
            guard offset < count else { return .incomplete }
            guard bytes[offset] == expected else { return .route }
        }
        // The uid: 1 to 10 digits, > 0, then a space (a query string or anything else is routed).
        var position = requestStart.count
        var userID: Int64 = 0
        while position < count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            userID = userID * 10 + Int64(bytes[position] - UInt8(ascii: "0"))
            position += 1
            if position - requestStart.count > 10 { return .route }
        }
        guard position < count else { return .incomplete }
        guard bytes[position] == UInt8(ascii: " "), position > requestStart.count, userID > 0 else { return .route }
        position += 1
        for expected in version {
            guard position < count else { return .incomplete }
            guard bytes[position] == expected else { return .route }
            position += 1
        }
        // Header lines up to the empty line.
        while true {
            if position + 1 < count, bytes[position] == UInt8(ascii: "\r"), bytes[position + 1] == UInt8(ascii: "\n") {
                return .recommend(userID: userID, length: position + 2)
            }
            guard let end = lineEnd(bytes, from: position) else {
                return count > maximumLength ? .route : .incomplete
            }
            guard end + 1 <= maximumLength, acceptsHeader(bytes, from: position, to: end) else { return .route }
            position = end + 1
        }
    }

    /// The index of the LF ending the line that starts at `start`, or nil when it has not arrived.
    private static func lineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { return index }
            index += 1
        }
        return nil
    }

    /// Whether the header line `bytes[start...lf]` is well formed (`name: value` CRLF, the name a
    /// token) and leaves the request answerable on the fast path.
    private static func acceptsHeader(_ bytes: UnsafeRawBufferPointer, from start: Int, to lf: Int) -> Bool {
        // A bare LF, an empty name or a folded line (leading white space) is the parser's business.
        guard lf > start, bytes[lf - 1] == UInt8(ascii: "\r") else { return false }
        var colon = start
        while colon < lf - 1, bytes[colon] != UInt8(ascii: ":") {
            guard isTokenByte(bytes[colon]) else { return false }
            colon += 1
        }
        guard colon > start, colon < lf - 1 else { return false }
        let name = UnsafeRawBufferPointer(rebasing: bytes[start..<colon])
        if routedNames.contains(where: { equalsLowercased(name, $0) }) { return false }
        if equalsLowercased(name, connection) {
            var valueStart = colon + 1
            var valueEnd = lf - 1
            while valueStart < valueEnd, bytes[valueStart] == UInt8(ascii: " ") || bytes[valueStart] == 9 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == UInt8(ascii: " ") || bytes[valueEnd - 1] == 9 { valueEnd -= 1 }
            return equalsLowercased(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]), keepAlive)
        }
        for index in (colon + 1)..<(lf - 1) {
            let byte = bytes[index]
            // Control characters other than tab are malformed in a field value.
            if byte < 0x20 && byte != 9 || byte == 0x7F { return false }
        }
        return true
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// ASCII case-insensitive equality with a lowercase `expected`.
    private static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ expected: [UInt8]) -> Bool {
        guard bytes.count == expected.count else { return false }
        for (byte, wanted) in zip(bytes, expected) {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            guard lower == wanted else { return false }
        }
        return true
    }
}
