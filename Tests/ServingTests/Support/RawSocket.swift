import AsyncHTTPClient
import Foundation
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Writes raw bytes to a local TCP port and closes (for input that is not HTTP at all).
enum RawSocket {
    static func send(_ bytes: [UInt8], port: Int) throws {
        let socket = try connected(port: port)
        defer { close(socket) }
        _ = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
        usleep(100_000)
    }
}

extension RawSocket {
    /// A TCP socket connected to 127.0.0.1:`port` (the caller closes it).
    static func connected(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServingTestError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw ServingTestError("connect() failed")
        }
        return socket
    }
}

extension RawSocket {
    /// Whether the server closes `socket` within `seconds`, discarding whatever it sends first.
    static func closedByServer(_ socket: Int32, within seconds: Int) -> Bool {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress, $0.count) }
            if read == 0 { return true }
            if read < 0 { return false }
        }
    }
}

/// The methods the bad-input table uses.
enum HTTPMethodName: String {
    case get = "GET", post = "POST", delete = "DELETE"
    var client: HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .delete: .DELETE
        }
    }
}

extension RawSocket {
    /// One HTTP/1.1 answer read off a raw connection.
    struct RawAnswer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// Writes `bytes` (pipelined requests, say) in one write, or in writes of `pieceSize` bytes
    /// 20 ms apart, and reads `count` answers in order (see the other `exchange`).
    static func exchange(
        _ bytes: [UInt8], port: Int, count: Int, thenClosed: Bool = false, piecesOf pieceSize: Int? = nil,
        bodiless: Set<Int> = []
    ) throws -> [RawAnswer] {
        let size = pieceSize ?? max(1, bytes.count)
        let writes = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
        return try exchange(writes: writes, port: port, count: count, thenClosed: thenClosed, bodiless: bodiless)
    }

    /// Sends each of `writes` in its own write, 20 ms (`pauseMicroseconds`) apart (then, with `halfClose`, shuts the
    /// sending side), and reads `count` answers in order, each framed by its Content-Length;
    /// throws if they do not arrive within 10 s, or, with `thenClosed`, if the server does not
    /// close the connection after them. The answers at the positions in `bodiless` (to `HEAD`)
    /// end with their head, whatever their `Content-Length` says.
    static func exchange(
        writes: [[UInt8]], port: Int, count: Int, thenClosed: Bool = false, halfClose: Bool = false,
        bodiless: Set<Int> = [], pauseMicroseconds: UInt32 = 20_000
    ) throws -> [RawAnswer] {
        let socket = try connected(port: port)
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        for (index, piece) in writes.enumerated() {
            if index > 0 { usleep(pauseMicroseconds) }
            _ = piece.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
        }
        if halfClose { shutdown(socket, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var answers: [RawAnswer] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while answers.count < count {
            if let (answer, used) = parse(received, hasBody: !bodiless.contains(answers.count)) {
                answers.append(answer)
                received.removeFirst(used)
                continue
            }
            let read = chunk.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress, $0.count) }
            guard read > 0 else {
                throw ServingTestError("connection ended or timed out after \(answers.count) of \(count) answers")
            }
            received += chunk[0..<read]
        }
        if thenClosed {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress, $0.count) }
            guard read == 0, received.isEmpty else {
                throw ServingTestError("the server kept the connection open after Connection: close (read \(read))")
            }
        }
        return answers
    }

    /// The first complete answer in `bytes` and how many bytes it took, or nil if incomplete.
    private static func parse(_ bytes: [UInt8], hasBody: Bool) -> (RawAnswer, Int)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = hasBody ? Int(headers["content-length"] ?? "0") ?? 0 : 0
        let bodyStart = end + separator.count
        guard bytes.count >= bodyStart + length else { return nil }
        let body = String(decoding: bytes[bodyStart..<bodyStart + length], as: UTF8.self)
        return (RawAnswer(status: status, headers: headers, body: body), bodyStart + length)
    }
}
