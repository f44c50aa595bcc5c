import MovieLog

/// The ingest clock every fuzz run judges far-future times against: 2025-11-01T00:00:00Z.
private let now = Timestamp(seconds: 1_761_955_200)
private let parser = MovieLogParser(now: now)
/// Shared by every input, as in a stream; small, so the fuzzer also reaches a full table.
/// `nonisolated(unsafe)`: libFuzzer calls `fuzz` from one thread only.
nonisolated(unsafe) private var table = MovieIDTable(capacity: 512)

/// The program's entry point: starts libFuzzer's driver, which calls ``fuzz(_:_:)`` per input.
///
/// SwiftPM links every Linux executable with `--defsym main=ParserFuzzer_main` (so tests can
/// link executables), and under `-parse-as-library` nothing else defines that symbol; without
/// this function the link fails with "undefined symbol 'ParserFuzzer_main'".
@_cdecl("ParserFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}

/// libFuzzer's C entry point for running the fuzzing loop with a callback.
@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// libFuzzer's entry point: parses `size` bytes as one log line and traps when an accepted
/// line breaks an invariant of the event types, or when parsing through the shared
/// ``MovieIDTable`` disagrees with parsing without it (a crash or a sanitizer report is a finding).
///
/// Built with `-sanitize=fuzzer,address -parse-as-library` (see README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let result = parser.parse(bytes)
    precondition(parser.parse(bytes, table: &table) == result, "the movie-id table changed the result")
    switch result {
    case .failure(let error):
        precondition(!error.message.isEmpty && error.code != .duplicate, "bad rejection \(error)")
    case .success(let event):
        precondition(String(validating: bytes, as: UTF8.self) != nil, "accepted a line that is not UTF-8")
        check(event)
    }
    return 0
}

/// Traps unless `event` is one the parser may produce.
private func check(_ event: MovieLogEvent) {
    precondition(event.userID > 0 && event.userID <= 9_999_999_999, "user id \(event.userID)")
    precondition(event.time >= Timestamp(seconds: 0) && event.time <= now.adding(seconds: 86_400), "time \(event.time)")
    switch event {
    case .watch(let watch):
        precondition(watch.minute >= 0, "minute \(watch.minute)")
        checkSlug(watch.movieID)
    case .rating(let rating):
        precondition((1...5).contains(rating.rating), "rating \(rating.rating)")
        checkSlug(rating.movieID)
    case .recommendation(let recommendation):
        precondition(recommendation.status == 0 || (100...599).contains(recommendation.status), "status")
        precondition(recommendation.latencyMilliseconds >= 0, "latency \(recommendation.latencyMilliseconds)")
        precondition(recommendation.server.contains(":"), "server \(recommendation.server)")
        switch recommendation.result {
        case .items(let items):
            precondition(recommendation.status == 200 && (1...20).contains(items.count), "\(items.count) items")
            items.forEach(checkSlug)
        case .error:
            precondition(recommendation.status != 200, "error text with status 200")
        }
    }
}

/// Traps unless `id` still satisfies the slug rule it was checked against.
private func checkSlug(_ id: MovieID) {
    precondition(MovieID(id.rawValue) == id, "movie id \(id.rawValue)")
}
