import MovieLog
import Testing

@Suite struct MovieIDTableTests {
    static let parser = MovieLogParser(now: Timestamp(year: 2026, month: 1, day: 1, hour: 0, minute: 0)!)

    static func line(_ movie: String) -> String {
        "2025-10-27T22:03:48,7,recommendation request h:8082, status 200, result: \(movie), heat+1995, \(movie)+2, 90 ms"
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
        #expect(table.remembered == seen.count * 2 + 1)
    }

    @Test func remembersNoMoreThanItsCapacityAndStaysCorrectPastIt() {
        var table = MovieIDTable(capacity: 10)
        for index in 0..<100 {
            var text = Self.line("film+\(index)")
            guard
                case .success(.recommendation(let event)) = text.withUTF8({
                    Self.parser.parse(UnsafeRawBufferPointer($0), table: &table)
                })
            else {
                Issue.record("line \(index) did not parse")
                continue
            }
            #expect(event.items.map(\.rawValue) == ["film+\(index)", "heat+1995", "film+\(index)+2"])
        }
        #expect(table.remembered == 10)
    }
}
