import Foundation
import Logging
import MovieLog
import Simulation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Live traffic as a client sees a broken service: no answer within the timeout, or no
/// service at all, is logged as status 0 with the client's error text, and nobody watches.
@Suite struct LiveTrafficTests {
    /// Lines kept in memory.
    final class MemorySink: LineSink {
        let lines = Mutex<[[UInt8]]>([])
        func write(_ line: [UInt8]) throws { lines.withLock { $0.append(line) } }
        func flush() throws {}
    }

    /// A TCP port that accepts connections (the kernel completes the handshake) but never
    /// answers: the listening socket is never `accept`ed.
    static func silentListener() throws -> (socket: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        try #require(bound == 0 && listen(descriptor, 64) == 0)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    static func run(_ url: String) async throws -> (LiveTraffic.Summary, [[UInt8]]) {
        let world = Audience(configuration: .init(users: 50, newUsers: 0, movies: 40, historyDays: 1))
        let sink = MemorySink()
        let traffic = LiveTraffic(
            audience: world,
            configuration: .init(serviceURL: url, requests: 12, rate: 100, concurrency: 12, timeout: .milliseconds(600)))
        let summary = try await traffic.run(into: sink, logger: Logger(label: "test"))
        return (summary, sink.lines.withLock { $0 })
    }

    @Test(.timeLimit(.minutes(3)))
    func aServiceThatDoesNotAnswerIsLoggedAsStatusZeroAfterTheTimeout() async throws {
        let listener = try Self.silentListener()
        defer { close(listener.socket) }
        let (summary, lines) = try await Self.run("http://127.0.0.1:\(listener.port)")
        #expect(summary.statuses == [0: 12])
        #expect(summary.watched == 0 && lines.count == 12)
        let parser = MovieLogParser(now: Timestamp(seconds: Int64(Date().timeIntervalSince1970) + 60))
        for line in lines {
            guard case .success(.recommendation(let event)) = parser.parse(line) else {
                Issue.record("not a recommendation line: \(String(decoding: line, as: UTF8.self))")
                continue
            }
            #expect(event.status == 0)
            // The client waited out its whole timeout before giving up (how much longer a loaded
            // machine took is not this test's business).
            #expect(event.latencyMilliseconds >= 600, "\(event.latencyMilliseconds) ms")
            #expect(String(decoding: line, as: UTF8.self).contains("Read timed out"))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func noServiceAtAllIsLoggedAsARefusedConnection() async throws {
        let listener = try Self.silentListener()
        close(listener.socket)  // the port is free now: connecting is refused
        let (summary, lines) = try await Self.run("http://127.0.0.1:\(listener.port)")
        #expect(summary.statuses == [0: 12])
        #expect(lines.allSatisfy { String(decoding: $0, as: UTF8.self).contains("status 0, result: java.net.ConnectException") })
    }
}
