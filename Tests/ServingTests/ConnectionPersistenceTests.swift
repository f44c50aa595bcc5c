import Testing

/// Connections are kept or closed as each client's HTTP version and `Connection` header ask
/// (RFC 9112 §9.3), and answers say which: HTTP/1.0 tools such as ApacheBench wait for the close,
/// or for `Connection: keep-alive`, before they count an answer.
@Suite struct ConnectionPersistenceTests {
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
}
