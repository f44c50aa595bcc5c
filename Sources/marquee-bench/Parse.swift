import Foundation
import MovieLog

/// Parses every line of `data` once; returns accepted lines and rejections by rule.
func parseAll(_ data: Data, parser: MovieLogParser) -> (accepted: Int, rejected: [String: Int]) {
    var accepted = 0
    var rejected: [String: Int] = [:]
    var counts = [Int](repeating: 0, count: MovieLogError.Code.all.count)
    let index = Dictionary(uniqueKeysWithValues: MovieLogError.Code.all.enumerated().map { ($1, $0) })
    var movieIDs = MovieIDTable()  // as ingest does: one string per distinct movie id
    data.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
        var start = 0
        let end = all.count
        while start < end {
            let rest = UnsafeRawBufferPointer(rebasing: all[start...])
            let newline = memchr(rest.baseAddress!, 10, rest.count)
            let length = newline.map { rest.baseAddress!.distance(to: UnsafeRawPointer($0)) } ?? rest.count
            switch parser.parse(UnsafeRawBufferPointer(rebasing: all[start..<(start + length)]), table: &movieIDs) {
            case .success: accepted += 1
            case .failure(let error): counts[index[error.code]!] += 1
            }
            start += length + 1
        }
    }
    for (code, position) in index where counts[position] > 0 { rejected[code.name] = counts[position] }
    return (accepted, rejected)
}

/// `marquee-bench parse FILE [--now ISO]`: lines/s of the parser on one core, as JSON.
func runParse(_ arguments: [String]) {
    guard let file = arguments.first else { fail("usage: marquee-bench parse FILE [--now YYYY-MM-DDTHH:MM:SS]") }
    guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
    var now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
    if arguments.count >= 3, arguments[1] == "--now" {
        guard
            case .success(let event) = MovieLogParser(now: Timestamp(seconds: 1 << 40)).parse(
                "\(arguments[2]),1,GET /rate/a=1")
        else { fail("--now takes YYYY-MM-DDTHH:MM[:SS]") }
        now = event.time
    }
    let parser = MovieLogParser(now: now)
    let clock = ContinuousClock()
    let started = clock.now
    let (accepted, rejected) = parseAll(data, parser: parser)
    let seconds = seconds(started.duration(to: clock.now))
    let lines = accepted + rejected.values.reduce(0, +)
    let byRule = rejected.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
    print(
        #"{"lines": \#(lines), "accepted": \#(accepted), "rejected": \#(lines - accepted), "by_rule": {\#(byRule)}, "seconds": \#(seconds), "lines_per_second": \#(Double(lines) / seconds)}"#
    )
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
