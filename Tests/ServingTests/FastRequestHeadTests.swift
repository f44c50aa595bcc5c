import Testing

@testable import Serving

/// `FastRequestHead` decides which requests skip the HTTP parser: only the plain
/// `GET /recommend/<uid>` shape, whole; anything else, or anything odd, goes to the router.
@Suite struct FastRequestHeadTests {
    static func parse(_ text: String) -> FastRequestHead {
        Array(text.utf8).withUnsafeBytes { FastRequestHead.parse($0) }
    }

    static let plain = "GET /recommend/42 HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: wrk\r\n\r\n"

    @Test func aPlainRequestIsAnsweredWithItsLength() {
        #expect(Self.parse(Self.plain) == .recommend(userID: 42, length: Self.plain.utf8.count))
        // Pipelined bytes after the head are the next request's: the length stops at the head.
        #expect(Self.parse(Self.plain + "GET /health") == .recommend(userID: 42, length: Self.plain.utf8.count))
        let noHeaders = "GET /recommend/9999999999 HTTP/1.1\r\n\r\n"
        #expect(Self.parse(noHeaders) == .recommend(userID: 9_999_999_999, length: noHeaders.utf8.count))
        let keepAlive = "GET /recommend/7 HTTP/1.1\r\nconnection:  Keep-Alive \r\n\r\n"
        #expect(Self.parse(keepAlive) == .recommend(userID: 7, length: keepAlive.utf8.count))
    }

    @Test func everyCutOfAPlainRequestWaitsForMore() {
        let bytes = Array(Self.plain.utf8)
        for cut in 0..<bytes.count {
            let result = bytes[..<cut].withUnsafeBytes { FastRequestHead.parse($0) }
            #expect(result == .incomplete, "cut at \(cut)")
        }
    }

    @Test(arguments: [
        "POST /recommend/42 HTTP/1.1\r\n\r\n",
        "GET /health HTTP/1.1\r\n\r\n",
        "GET /recommend/abc HTTP/1.1\r\n\r\n",
        "GET /recommend/0 HTTP/1.1\r\n\r\n",
        "GET /recommend/-4 HTTP/1.1\r\n\r\n",
        "GET /recommend/ HTTP/1.1\r\n\r\n",
        "GET /recommend/12345678901 HTTP/1.1\r\n\r\n",
        "GET /recommend/42?source=app HTTP/1.1\r\n\r\n",
        "GET /recommend/42/ HTTP/1.1\r\n\r\n",
        "GET /recommend/42 HTTP/1.0\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\n\n",
        "GET /recommend/42 HTTP/1.1\r\nHost: a\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nTRANSFER-ENCODING: chunked\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nNo colon here\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nX-Bell: \u{07}\r\n\r\n",
        "GET /recommend/42 HTTP/1.1\r\nHost: a\r\r\n\r\n",
        "get /recommend/42 HTTP/1.1\r\n\r\n",
    ])
    func anythingElseGoesToTheRouter(_ request: String) {
        #expect(Self.parse(request) == .route, "\(request.debugDescription)")
    }

    @Test func aHeadTooLongIsRoutedAndAShortOneWaits() {
        let start = "GET /recommend/42 HTTP/1.1\r\nX-Filler: "
        let long = start + String(repeating: "a", count: FastRequestHead.maximumLength)
        #expect(Self.parse(long) == .route)
        #expect(Self.parse(start + "aaaa") == .incomplete)
        let complete = start + String(repeating: "a", count: FastRequestHead.maximumLength) + "\r\n\r\n"
        #expect(Self.parse(complete) == .route)
    }
}
