import Testing

@testable import Serving

@Suite struct MovieIDLinesTests {
    let lines = MovieIDLines(["toy+story+1995", "a", "amélie+2001", "", "the+shawshank+redemption+1994"])

    @Test func joinsTheGivenItemsInOrder() {
        #expect(lines.line([4, 0, 2]) == "the+shawshank+redemption+1994,toy+story+1995,amélie+2001")
        #expect(lines.line([1]) == "a")
        #expect(lines.line([1, 1]) == "a,a")
    }

    @Test func anEmptyListIsAnEmptyLine() {
        #expect(lines.line([]) == "")
        #expect(MovieIDLines([]).line([]) == "")
    }

    @Test func equalsJoiningTheStrings() {
        let ids = (0..<500).map { "movie+\($0)+\(1900 + $0 % 120)" }
        let table = MovieIDLines(ids)
        let items: [Int32] = [499, 0, 250, 17, 17, 3]
        #expect(table.line(items) == items.map { ids[Int($0)] }.joined(separator: ","))
    }
}
