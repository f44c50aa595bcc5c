import Foundation
import MarqueeTesting
import Serving
import Store
import Testing

/// `GET /recommend/<uid>` is answered from the connection's bytes (`RecommendFastPath`) and
/// everything else by the router: clients must not be able to tell the two apart, and
/// pipelined answers must come back in request order whichever path made them.
@Suite struct FastPathTests {
    @Test func pipelinedAnswersKeepRequestOrderAndBothPathsAnswerAlike() async throws {
        try await Self.withServer(experiment: "fast-1", als: 50, popGenre: 50) { server, store in
            // /health goes to the router (an async task), so the /recommend behind it must wait
            // for it; "abc" is refused by the router with its reason.
            let requests = ["/health", "/recommend/3", "/recommend/abc", "/recommend/7", "/metrics", "/recommend/3"]
            let bytes = requests.map { "GET \($0) HTTP/1.1\r\nHost: localhost\r\n\r\n" }.joined()
            let answers = try RawSocket.exchange(Array(bytes.utf8), port: server.port, count: requests.count)
            #expect(answers.map(\.status) == [200, 200, 400, 200, 200, 200])
            #expect(answers[0].body.contains("\"ready\":true"))
            #expect(answers[2].body.contains("not a number"))
            #expect(answers[4].body.contains("marquee_requests_total"))
            // User 3 twice: once behind /health (routed), once behind /metrics' answer.
            let direct = try await server.get("/recommend/3")
            for answer in [answers[1], answers[5]] {
                #expect(answer.body == direct.body)
                let names = Set(answer.headers.keys)
                #expect(names == Set(direct.headers.keys), "\(names.symmetricDifference(direct.headers.keys))")
                for name in ["x-marquee-variant", "x-marquee-model", "x-marquee-data", "x-marquee-code",
                             "x-marquee-experiment", "x-marquee-basis", "content-type", "server"] {
                    #expect(answer.headers[name] == direct.header(name), "\(name)")
                }
            }
            let ids = [answers[1], answers[3], answers[5]].compactMap { $0.headers["x-request-id"] }
            #expect(Set(ids + [direct.header("X-Request-Id") ?? ""]).count == 4, "request ids must be unique")
            #expect(answers[3].body.split(separator: ",").count == 20)
            // Every /recommend answer, from either path, is in the served log.
            let complete = try await eventually { try await store.servedRequestIDs().count == 4 }
            #expect(complete, "the served log should hold all four answers")
        }
    }

    @Test func aConnectionAnsweredDirectlyHandsOverToTheRouterInOrder() async throws {
        try await Self.withServer(experiment: "fast-3", als: 50, popGenre: 50) { server, store in
            // The first two are answered from the bytes; from /health on the router answers.
            let requests = ["/recommend/3", "/recommend/7", "/health", "/recommend/3", "/recommend/0"]
            let bytes = requests.map { "GET \($0) HTTP/1.1\r\nHost: localhost\r\n\r\n" }.joined()
            let answers = try RawSocket.exchange(Array(bytes.utf8), port: server.port, count: requests.count)
            #expect(answers.map(\.status) == [200, 200, 200, 200, 400])
            #expect(answers[2].body.contains("\"ready\":true"))
            #expect(answers[4].body.contains("not positive"))
            // User 3 by both paths: the same list and the same header names and values.
            let (direct, routed) = (answers[0], answers[3])
            #expect(direct.body == routed.body)
            #expect(direct.body.split(separator: ",").count == 20)
            #expect(Set(direct.headers.keys) == Set(routed.headers.keys))
            for (name, value) in direct.headers where !["x-request-id", "date"].contains(name) {
                #expect(routed.headers[name] == value, "\(name)")
            }
            #expect(direct.headers["x-request-id"] != routed.headers["x-request-id"])
            // Once the router has the connection it keeps it, across reads: a routed request's
            // body that looks like a /recommend request, arriving in a later read, is body.
            let smuggled = "GET /recommend/3 HTTP/1.1\r\n\r\n"
            let reload = "POST /admin/reload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(ServerProcess.token)\r\n"
                + "Content-Length: \(smuggled.utf8.count)\r\n\r\n"
            let behind = try RawSocket.exchange(
                writes: [reload, smuggled, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"].map { Array($0.utf8) },
                port: server.port, count: 2)
            #expect(behind.map(\.status) == [200, 200])
            #expect(behind.allSatisfy { $0.headers["x-marquee-variant"] == nil })
            #expect(behind[1].body.contains("\"ready\":true"))
            let complete = try await eventually { try await store.servedRequestIDs().count == 3 }
            #expect(complete, "the served log should hold the three answers")
        }
    }

    @Test func requestsArrivingInPiecesAreAnswered() async throws {
        try await Self.withServer(experiment: "fast-4", als: 100, popGenre: 0) { server, store in
            let request = "GET /recommend/5 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: piecemeal\r\n\r\n"
            // Pieces of 7 bytes cut the request line, a header name and the final CRLF.
            let answers = try RawSocket.exchange(
                Array((request + request + request).utf8), port: server.port, count: 3, piecesOf: 7)
            #expect(answers.map(\.status) == [200, 200, 200])
            #expect(Set(answers.map(\.body)).count == 1)
            #expect(answers[0].body.split(separator: ",").count == 20)
            #expect(answers.allSatisfy { $0.headers["x-marquee-variant"] == "als" })
        }
    }

    @Test func aClientThatStopsSendingGetsItsAnswersAndACutHeadGetsTheParsersAnswer() async throws {
        try await Self.withServer(experiment: "fast-5", als: 100, popGenre: 0) { server, store in
            let request = "GET /recommend/5 HTTP/1.1\r\nHost: localhost\r\n\r\n"
            let answered = try RawSocket.exchange(
                writes: [Array((request + request).utf8)], port: server.port, count: 2, halfClose: true)
            #expect(answered.map(\.status) == [200, 200])
            // A head cut short by the end of input goes to the parser, which refuses it.
            let cut = try RawSocket.exchange(
                writes: [Array("GET /recommend/5 HTTP/1.1\r\nHo".utf8)], port: server.port, count: 1, halfClose: true)
            #expect(cut.map(\.status) == [400])
        }
    }

    @Test func connectionCloseAndQueriesAreAnsweredAndTheConnectionCloses() async throws {
        try await Self.withServer(experiment: "fast-2", als: 100, popGenre: 0) { server, store in
            let request = "GET /recommend/5?source=test HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /recommend/5 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            let answers = try RawSocket.exchange(Array(request.utf8), port: server.port, count: 2, thenClosed: true)
            #expect(answers.map(\.status) == [200, 200])
            #expect(answers[0].body == answers[1].body)
            #expect(answers[1].headers["x-marquee-variant"] == "als")
        }
    }

    @Test func headIsAnsweredWithTheGetsHeadAndNoBody() async throws {
        try await Self.withServer(experiment: "fast-6", als: 100, popGenre: 0) { server, store in
            // Pipelined on one connection: a body sent after a HEAD answer would be read as the
            // start of the next answer, so every GET behind a HEAD checks that none was sent.
            let requests = [("HEAD", "/recommend/5"), ("GET", "/recommend/5"), ("HEAD", "/health"), ("GET", "/health"),
                            ("HEAD", "/metrics"), ("HEAD", "/recommend/abc"), ("HEAD", "/nope"), ("GET", "/recommend/7")]
            let bytes = requests.map { "\($0) \($1) HTTP/1.1\r\nHost: localhost\r\n\r\n" }.joined()
            let heads = Set(requests.indices.filter { requests[$0].0 == "HEAD" })
            let answers = try RawSocket.exchange(
                Array(bytes.utf8), port: server.port, count: requests.count, bodiless: heads)
            #expect(answers.map(\.status) == [200, 200, 200, 200, 200, 400, 404, 200])
            #expect(heads.allSatisfy { answers[$0].body.isEmpty })
            // The HEAD's fields are the GET's, Content-Length included (the length of the body a
            // GET gets); only the request id and date differ.
            let (head, get) = (answers[0], answers[1])
            #expect(Set(head.headers.keys) == Set(get.headers.keys))
            for (name, value) in get.headers where !["x-request-id", "date"].contains(name) {
                #expect(head.headers[name] == value, "\(name)")
            }
            #expect(head.headers["content-length"] == String(get.body.utf8.count))
            #expect(answers[2].headers["content-length"] == answers[3].headers["content-length"])
            #expect(answers[7].body.split(separator: ",").count == 20)
            // A HEAD /recommend answer has a request id, so it is in the served log like any answer.
            let complete = try await eventually { try await store.servedRequestIDs().count == 3 }
            #expect(complete, "the served log should hold the HEAD's answer and the two GETs'")
            let logged = try await store.servedRequestIDs()
            #expect(logged.contains(head.headers["x-request-id"] ?? "?"))
            // A method no route has is refused with the methods the path has.
            let deleted = try await server.send(.DELETE, "/recommend/5")
            #expect(deleted.status == 405 && deleted.header("Allow") == "GET, HEAD")
        }
    }

    /// Trains and promotes the fixture models into a fresh database, starts `marquee serve` on
    /// the experiment, runs `body`, and checks that the server then stops cleanly.
    static func withServer(
        experiment id: String, als: Double, popGenre: Double,
        _ body: @escaping @Sendable (ServerProcess, Store) async throws -> Void
    ) async throws {
        try await TestDatabase.withFreshDatabase { store, url in
            _ = try await ServingFixture.trainAndPromote(store)
            let text = ServingFixture.experiment(id: id, als: als, popGenre: popGenre)
            let server = try await ServerProcess.start(databaseURL: url, config: try ServingFixture.configFile(text))
            try await body(server, store)
            #expect(await server.stop() == 0)
        }
    }
}
