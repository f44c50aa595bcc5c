import Foundation
import MarqueeTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// HTTP/1 as clients other than the benchmark's speak it.
@Suite struct HTTPConnectionTests {
    /// Connections are kept or closed as each client's HTTP version and `Connection` header ask
    /// (RFC 9112 §9.3), and answers say which: HTTP/1.0 tools such as ApacheBench wait for the
    /// close, or for `Connection: keep-alive`, before they count an answer.
    @Test func http10ConnectionsCloseUnlessKeepAliveIsAskedAndHTTP11OnesCloseWhenAsked() async throws {
        try await FastPathTests.withServer(experiment: "connection-1", als: 100, popGenre: 0) { server, _ in
            func request(_ version: String, _ path: String, _ connection: String? = nil) -> String {
                "GET \(path) HTTP/\(version)\r\nHost: localhost\r\n" + (connection.map { "Connection: \($0)\r\n" } ?? "") + "\r\n"
            }
            // HTTP/1.0 without keep-alive: one answer, `Connection: close`, then the server closes.
            for path in ["/recommend/5", "/recommend/abc", "/health"] {
                let answers = try RawSocket.exchange(
                    Array(request("1.0", path).utf8), port: server.port, count: 1, thenClosed: true)
                #expect(answers.first?.headers["connection"] == "close", "\(path)")
            }
            let closed = try RawSocket.exchange(
                Array(request("1.0", "/recommend/5").utf8), port: server.port, count: 1, thenClosed: true)
            #expect(closed.first?.status == 200 && closed.first?.body.split(separator: ",").count == 20)
            // HTTP/1.0 asking for keep-alive (any case): granted, said so, and the connection
            // answers the next request.
            let kept = try RawSocket.exchange(
                Array((request("1.0", "/recommend/5", "Keep-Alive") + request("1.0", "/health", "keep-alive")).utf8),
                port: server.port, count: 2)
            #expect(kept.map(\.status) == [200, 200])
            #expect(kept.allSatisfy { $0.headers["connection"] == "keep-alive" })
            #expect(kept[0].body == closed[0].body)
            // HTTP/1.1 asking to close, in any spelling the header allows: `Connection: close`
            // in the answer, then the close. Without it the connection stays, with no field.
            for connection in ["close", "Close", "close, TE"] {
                let answers = try RawSocket.exchange(
                    Array(request("1.1", "/recommend/5", connection).utf8), port: server.port, count: 1, thenClosed: true)
                #expect(answers.first?.headers["connection"] == "close", "\(connection)")
            }
            let persistent = try RawSocket.exchange(
                Array((request("1.1", "/health") + request("1.1", "/recommend/5")).utf8), port: server.port, count: 2)
            #expect(persistent.allSatisfy { $0.headers["connection"] == nil && $0.status == 200 })
        }
    }

    /// Bytes the HTTP parser refuses get a one-line reason like every other refusal, are counted
    /// and logged, and the server goes on answering.
    @Test func malformedRequestsGetAReasonAndAreCountedAndLogged() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment()),
                arguments: ["--access-log", "--log-level", "info"])
            let malformed = [
                "GET /recommend/5 HTTP/1.1\nHost: localhost\n\n",  // bare LF line ends
                "GET /recommend/5 HTTP/1.1\r\nHost: localhost\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n",
                "\u{1}\u{2}GARBAGE\r\n\r\n",
            ]
            for bytes in malformed {
                let answers = try RawSocket.exchange(Array(bytes.utf8), port: server.port, count: 1, thenClosed: true)
                #expect(answers.first?.status == 400)
                #expect(answers.first?.body.hasPrefix("malformed HTTP/1 request (") == true, "\(answers.first?.body ?? "")")
                #expect(answers.first?.body.split(separator: "\n").count == 1)
                #expect(answers.first?.headers["content-type"]?.hasPrefix("text/plain") == true)
            }
            #expect(try await server.get("/recommend/5").status == 200)
            let metrics = try await server.get("/metrics").body
            #expect(metrics.contains(#"marquee_requests_total{variant="",status="400"} 3"#), "\(metrics.prefix(2000))")
            let logged = await eventually {
                server.process.errorText.components(separatedBy: "malformed HTTP/1 request").count - 1 == 3
            }
            #expect(logged, "each malformed request should have its access-log line")
            #expect(await server.stop() == 0)
        }
    }

    /// A connection with nothing read or written for `--idle-seconds` (to twice that) is closed
    /// and counted, whether it never sent a request or went quiet after its answers; one that
    /// keeps asking stays open however long it lasts.
    @Test func idleConnectionsAreClosedAndCountedAndBusyOnesStay() async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let server = try await ServerProcess.start(
                databaseURL: url, config: try ServingFixture.configFile(ServingFixture.experiment()),
                arguments: ["--idle-seconds", "1"])
            let request = Array("GET /recommend/5 HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
            // 30 requests 150 ms apart: 4.5 s on one connection, more than four idle periods.
            let busy = try RawSocket.exchange(
                writes: Array(repeating: request, count: 30), port: server.port, count: 30, pauseMicroseconds: 150_000)
            #expect(busy.count == 30 && busy.allSatisfy { $0.status == 200 })

            let silent = try RawSocket.connected(port: server.port)
            let quiet = try RawSocket.connected(port: server.port)
            _ = request.withUnsafeBytes { Glibc.write(quiet, $0.baseAddress, $0.count) }
            let silentClosed = RawSocket.closedByServer(silent, within: 10)
            let quietClosed = RawSocket.closedByServer(quiet, within: 10)
            Glibc.close(silent)
            Glibc.close(quiet)
            #expect(silentClosed, "a connection that never sent anything")
            #expect(quietClosed, "a connection quiet after its answer")

            // At least these two; the test client's own pooled connections may be among them.
            let closed = Self.idleConnectionsClosed(in: try await server.get("/metrics").body)
            #expect(closed >= 2, "marquee_idle_connections_closed_total: \(closed)")
            #expect(try await server.get("/recommend/5").status == 200)
            #expect(await server.stop() == 0)
        }
    }

    /// `marquee_idle_connections_closed_total` in a `/metrics` text (-1 when it is missing).
    private static func idleConnectionsClosed(in metrics: String) -> Double {
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("marquee_idle_connections_closed_total ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? -1
    }
}
