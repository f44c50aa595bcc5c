import AsyncHTTPClient
import Foundation
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Writes raw bytes to a local TCP port and closes (for input that is not HTTP at all).
enum RawSocket {
    static func send(_ bytes: [UInt8], port: Int) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServingTestError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ServingTestError("connect() failed") }
        _ = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
        usleep(100_000)
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
