import MovieLog
import Testing

@Suite struct MovieLogErrorTests {
    @Test(arguments: [
        (MovieLogError.Code.empty, "empty"), (.encoding, "encoding"), (.truncated, "truncated"),
        (.unknownKind, "unknown_kind"), (.timestamp, "timestamp"), (.futureTimestamp, "future_timestamp"),
        (.userID, "user_id"), (.movieID, "movie_id"), (.minute, "minute"), (.rating, "rating"), (.request, "request"),
        (.server, "server"), (.status, "status"), (.result, "result"), (.latency, "latency"), (.duplicate, "duplicate"),
    ])
    func codeNameRoundTrips(code: MovieLogError.Code, name: String) {
        #expect(code.name == name)
        #expect(code.description == name)
        #expect(MovieLogError.Code(name: name) == code)
        #expect(MovieLogError.Code.all.contains(code))
    }

    @Test func codesAreDistinct() {
        #expect(Set(MovieLogError.Code.all).count == MovieLogError.Code.all.count)
        #expect(Set(MovieLogError.Code.all.map(\.name)).count == 16)
        #expect(MovieLogError.Code(name: "userID") == nil)
    }

    @Test func descriptions() {
        let error = MovieLogError(.userID, "user id '-3' is negative")
        #expect(error.description == "user_id: user id '-3' is negative")
        #expect(error.debugDescription == "MovieLogError(code: user_id, message: user id '-3' is negative)")
    }
}
