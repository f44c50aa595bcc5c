import Catalog
import Testing

/// Metadata answers as the API gives them, clean and dirty: every one ends as a record or as
/// a reject whose reason names the problem.
@Suite struct MetadataAnswerTests {
    static func movie(_ text: String, requestedID: String? = nil) -> Result<MovieRecord, CatalogError> {
        MetadataAnswer.movie(Array(text.utf8), requestedID: requestedID)
    }

    static func user(_ text: String, requestedID: Int64? = nil) -> Result<UserRecord, CatalogError> {
        MetadataAnswer.user(Array(text.utf8), requestedID: requestedID)
    }

    static let godfather = """
        {"id":"the+godfather+1972","tmdb_id":238,"imdb_id":"tt0068646","title":"The Godfather",\
        "original_language":"en","genres":[{"id":18,"name":"Drama"},{"id":80,"name":"Crime"}],\
        "release_date":"1972-03-14","runtime":175,"popularity":"41.1","vote_average":"8.5","vote_count":"6024",\
        "adult":"False","belongs_to_collection":{"id":230,"name":"The Godfather Collection"}}
        """

    @Test func aFullMovieAnswer() throws {
        let record = try Self.movie(Self.godfather).get()
        #expect(
            record
                == MovieRecord(
                    movieID: "the+godfather+1972", title: "The Godfather", year: 1972, genres: ["Drama", "Crime"],
                    runtime: 175))
    }

    @Test func numbersMayArriveAsStrings() throws {
        let movie = try Self.movie(#"{"id":"heat+1995","title":"Heat","year":"1995","runtime":" 170 "}"#).get()
        #expect(movie.year == 1995 && movie.runtime == 170)
        let floats = try Self.movie(#"{"id":"heat+1995","year":1995.0,"runtime":"170.0"}"#).get()
        #expect(floats.year == 1995 && floats.runtime == 170)
        let user = try Self.user(#"{"user_id":"34","age":"29","occupation":"writer","gender":"f"}"#).get()
        #expect(user == UserRecord(userID: 34, age: 29, occupation: "writer", gender: "F"))
    }

    @Test func theYearFieldWinsOverTheReleaseDate() throws {
        #expect(try Self.movie(#"{"id":"x+1","year":1999,"release_date":"2001-01-01"}"#).get().year == 1999)
        #expect(try Self.movie(#"{"id":"x+1","year":null,"release_date":"2001-05"}"#).get().year == 2001)
        #expect(try Self.movie(#"{"id":"x+1","release_date":"1950"}"#).get().year == 1950)
        #expect(try Self.movie(#"{"id":"x+1","release_date":""}"#).get().year == nil)
    }

    @Test func missingFieldsAreUnknown() throws {
        #expect(try Self.movie(#"{"id":"alien+1979"}"#).get() == MovieRecord(movieID: "alien+1979"))
        #expect(
            try Self.movie(#"{"id":"alien+1979","title":"  ","genres":null,"runtime":0}"#).get()
                == MovieRecord(movieID: "alien+1979"))
        #expect(try Self.user(#"{"user_id":5,"occupation":""}"#).get() == UserRecord(userID: 5))
    }

    @Test func anAnswerWithoutAnIdNeedsARequestedOne() throws {
        #expect(try Self.movie(#"{"title":"Alien"}"#, requestedID: "alien+1979").get().movieID == "alien+1979")
        #expect(try Self.user(#"{"age":40}"#, requestedID: 12).get() == UserRecord(userID: 12, age: 40))
        #expect(Self.movie(#"{"title":"Alien"}"#).failure == CatalogError(.missingField, "id"))
        #expect(Self.user(#"{"age":40}"#).failure == CatalogError(.missingField, "user_id"))
        #expect(Self.movie(#"{"id":"aliens+1986"}"#, requestedID: "alien+1979").failure?.code == .idMismatch)
        #expect(Self.user(#"{"user_id":13}"#, requestedID: 12).failure?.code == .idMismatch)
    }

    @Test(arguments: ["", "{", #"{"id":"alien+1979","#, "not json", "{'id': 'x'}", "{\"id\":\"x+1\"}}"])
    func malformedJSONIsRejected(text: String) {
        #expect(Self.movie(text).failure == CatalogError(.malformedJSON))
    }

    @Test func bytesThatAreNotUTF8AreMalformed() {
        #expect(MetadataAnswer.movie([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]).failure?.code == .malformedJSON)
    }

    @Test(arguments: ["[1,2]", #""alien+1979""#, "42", "null"])
    func aValueThatIsNotAnObjectIsRejected(text: String) {
        #expect(Self.movie(text).failure?.code == .notAnObject)
    }

    @Test func notFoundAndErrorAnswers() {
        #expect(Self.movie(#"{"message":"movie not found"}"#).failure == CatalogError(.notFound))
        #expect(Self.user(#"{"message":"User Not Found"}"#).failure == CatalogError(.notFound))
        #expect(
            Self.movie(#"{"message":"rate limit exceeded"}"#).failure?.reason == #"error answer: "rate limit exceeded""#
        )
    }

    @Test(arguments: [
        (#"{"id":"x+1","runtime":"long"}"#, #"wrong type: runtime is "long", not a whole number"#),
        (#"{"id":"x+1","runtime":142.5}"#, "wrong type: runtime is 142.5, not a whole number"),
        (#"{"id":"x+1","year":true}"#, "wrong type: year is true, not a whole number"),
        (#"{"id":"x+1","title":1984}"#, "wrong type: title is 1984, not text"),
        (#"{"id":"x+1","genres":"Drama"}"#, #"wrong type: genres is "Drama", not a list"#),
        (#"{"id":"x+1","genres":[18]}"#, #"wrong type: a genre is 18, not {"id", "name"}"#),
        (#"{"id":"x+1","genres":[{"id":18}]}"#, #"wrong type: a genre is an object, not {"id", "name"}"#),
        (#"{"id":"x+1","release_date":"March 1972"}"#, #"wrong type: release_date is "March 1972", not a date"#),
        (#"{"id":238}"#, "wrong type: id is 238, not text"),
        (#"{"id":"x+1","year":12}"#, "out of range: year is 12, not in 1870...2100"),
        (#"{"id":"x+1","runtime":-5}"#, "out of range: runtime is -5, not in 0...10000"),
        (
            #"{"id":"x+1","title":"\#(String(repeating: "a", count: 1001))"}"#,
            "out of range: title is 1001 characters, more than 1000"
        ),
        (
            #"{"id":"x+1","genres":["\#(String(repeating: "g", count: 101))"]}"#,
            "out of range: a genre is 101 characters, more than 100"
        ),
    ])
    func wrongTypesAndValuesRejectTheMovie(text: String, reason: String) {
        #expect(Self.movie(text).failure?.reason == reason)
    }

    @Test(arguments: [
        (#"{"user_id":1,"age":"old"}"#, #"wrong type: age is "old", not a whole number"#),
        (#"{"user_id":1,"age":430}"#, "out of range: age is 430, not in 1...120"),
        (#"{"user_id":1,"gender":"Q"}"#, #"out of range: gender is "Q", not M or F"#),
        (#"{"user_id":1,"occupation":["sales"]}"#, "wrong type: occupation is an array, not text"),
        (#"{"user_id":-3}"#, "invalid id: user_id -3"),
        (#"{"user_id":12345678901}"#, "invalid id: user_id 12345678901"),
        (#"{"user_id":"seven"}"#, #"invalid id: user_id "seven""#),
    ])
    func wrongTypesAndValuesRejectTheUser(text: String, reason: String) {
        #expect(Self.user(text).failure?.reason == reason)
    }

    @Test func movieIdsMustBeSlugs() {
        for id in ["The Matrix", "x;DROP TABLE movies", "", String(repeating: "a", count: 257)] {
            let text = #"{"id":"\#(id)","title":"x"}"#
            let code = Self.movie(text).failure?.code
            #expect(code == (id.isEmpty ? .missingField : .invalidID), "\(id)")
        }
    }

    @Test func sqlAndShellMetacharactersAreKeptVerbatim() throws {
        let json =
            #"{"id":"bobby+tables+2008","title":"Robert'); DROP TABLE movies;-- $(rm -rf /) `id` \"q\" 100% \\","#
            + #""genres":[{"name":"Drama'; --"}]}"#
        let record = try Self.movie(json).get()
        #expect(record.title == #"Robert'); DROP TABLE movies;-- $(rm -rf /) `id` "q" 100% \"#)
        #expect(record.genres == ["Drama'; --"])
        let user = try Self.user(#"{"user_id":9,"occupation":"admin' OR '1'='1"}"#).get()
        #expect(user.occupation == "admin' OR '1'='1")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
