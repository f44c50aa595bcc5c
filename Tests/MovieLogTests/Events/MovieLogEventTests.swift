import MovieLog
import Testing

@Suite struct MovieLogEventTests {
    @Test(
        arguments: [
            (Fixture.watchLine, 1_761_602_628, 39157), (Fixture.rateLine, 1_664_493_895, 3),
            (Fixture.recommendationLine, 1_644_343_616, 284_507),
        ] as [(String, Int64, Int64)])
    func commonFields(line: String, seconds: Int64, userID: Int64) throws {
        let event = try parse(line).get()
        #expect(event.time.seconds == seconds)
        #expect(event.userID == userID)
    }

    @Test func itemsAreEmptyForAnErrorResult() throws {
        let error = RecommendationEvent(
            time: Fixture.now, userID: 1, server: "h:1", status: 500, result: .error("boom"), latencyMilliseconds: 1)
        #expect(error.items.isEmpty)
        let ids = try ["a", "b"].map { try #require(MovieID($0)) }
        var listed = error
        listed.result = .items(MovieIDList(ids))
        #expect(Array(listed.items) == ids)
        #expect(listed.items.count == 2)
        #expect(listed.items.joined == "a,b")
    }
}

@Suite struct MovieIDListTests {
    @Test(arguments: [[], ["a"], ["office+space+1999", "memento+2000", "x"]])
    func iteratesTheIdsItWasMadeFrom(names: [String]) throws {
        let ids = try names.map { try #require(MovieID($0)) }
        let list = MovieIDList(ids)
        #expect(Array(list) == ids)
        #expect(list.count == ids.count)
        #expect(list.isEmpty == ids.isEmpty)
        #expect(list.joined == names.joined(separator: ","))
        #expect(list == MovieIDList(ids))
    }
}
