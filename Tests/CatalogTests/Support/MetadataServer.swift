import AsyncHTTPClient
import Foundation
import MarqueeTesting
import NIOCore
import Testing

/// The scripted metadata API of `metadata_server.py`, a real HTTP server on a loopback port.
final class MetadataServer: Sendable {
    /// One scripted answer.
    struct Answer: Encodable {
        var status = 200
        var headers: [String: String]?
        var body: String?

        static func json(_ text: String) -> Answer { Answer(body: text) }
        static func status(_ code: Int, headers: [String: String]? = nil, body: String = "{}") -> Answer {
            Answer(status: code, headers: headers, body: body)
        }
    }

    /// A request the server saw; `at` in seconds on its monotonic clock.
    struct Request: Decodable {
        var path: String
        var status: Int
        var at: Double
    }

    let url: String
    private let process: Process
    private let directory: URL

    /// Runs `body` with a server answering `fixtures` (path → answers in order, the last repeating).
    static func with<Result: Sendable>(
        _ fixtures: [String: [Answer]], _ body: (MetadataServer) async throws -> Result
    ) async throws -> Result {
        let server = try await MetadataServer(fixtures)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(_ fixtures: [String: [Answer]]) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fixtureFile = directory.appendingPathComponent("fixtures.json")
        try JSONEncoder().encode(fixtures).write(to: fixtureFile)
        guard let script = Bundle.module.url(forResource: "metadata_server", withExtension: "py") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "metadata_server.py"])
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, fixtureFile.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        let output = OutputBuffer()
        try process.run()
        output.drain(pipe.fileHandleForReading)
        let deadline = ContinuousClock.now + .seconds(20)
        var port: Int?
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            let text = output.text
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                port = Int(line.dropFirst("listening on ".count))
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "metadata_server.py did not start"])
        }
        url = "http://127.0.0.1:\(port)"
    }

    /// The requests seen so far, in arrival order.
    func requests() async throws -> [Request] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/_log"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONDecoder().decode([Request].self, from: Data(body.readableBytesView))
    }

    /// Kills the server (SIGKILL: a child may inherit a blocked SIGTERM) and waits without
    /// blocking a thread of the shared pool.
    private func stop() async {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<500 where process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        try? FileManager.default.removeItem(at: directory)
    }
}
