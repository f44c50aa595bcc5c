import MovieLog
import Testing

@Suite struct MovieIDTableTests {
    static let parser = MovieLogParser(now: Timestamp(year: 2026, month: 1, day: 1, hour: 0, minute: 0)!)

    static func line(_ movie: String) -> String {
        "2025-10-27T22:03:48,7,GET /data/m/\(movie)/12.mpg"
    }

    @Test func parsingWithATableGivesTheSameEventsAsWithout() {
        var table = MovieIDTable()
        var seen: Set<String> = []
        for index in 0..<5000 {
            let movie = "movie+\(index % 700)+\(String(repeating: "x", count: index % 37))"
            seen.insert(movie)
            var text = Self.line(movie)
            let withTable = text.withUTF8 { Self.parser.parse(UnsafeRawBufferPointer($0), table: &table) }
            #expect(withTable == Self.parser.parse(text))
        }
        #expect(table.remembered == seen.count)
    }

    @Test func remembersNoMoreThanItsCapacityAndStaysCorrectPastIt() {
        var table = MovieIDTable(capacity: 10)
        for index in 0..<100 {
            var text = Self.line("film+\(index)")
            guard
                case .success(.watch(let watch)) = text.withUTF8({
                    Self.parser.parse(UnsafeRawBufferPointer($0), table: &table)
                })
            else {
                Issue.record("line \(index) did not parse")
                continue
            }
            #expect(watch.movieID.rawValue == "film+\(index)")
        }
        #expect(table.remembered == 10)
    }
}
