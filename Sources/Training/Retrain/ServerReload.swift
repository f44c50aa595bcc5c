import AsyncHTTPClient
import Foundation
import NIOCore

/// `POST <base>/admin/reload` on a running `marquee serve`, so a promotion is served at once
/// instead of at the server's next registry poll.
public struct ServerReload: Sendable {
    /// The server's base URL, e.g. `http://serve:8080`.
    public var baseURL: String
    /// The admin bearer token (`MARQUEE_ADMIN_TOKEN` of the server); nil sends none.
    public var token: String?
    /// How long to wait for the answer. Default 30 seconds.
    public var timeout: Duration = .seconds(30)

    public init(baseURL: String, token: String?) {
        self.baseURL = baseURL
        self.token = token
    }

    /// The reload route's URL.
    public var url: String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/admin/reload"
    }

    /// What the server answered.
    public struct Result: Sendable, Hashable, Codable {
        public var url: String
        /// The HTTP status, nil when no answer came.
        public var status: Int?
        public var succeeded: Bool
        /// The server's answer, or why there was none.
        public var message: String
    }

    /// Posts the reload; never throws: a failure is reported in the result (the server's
    /// registry poll picks the promotion up anyway).
    public func post() async -> Result {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        do {
            let response = try await HTTPClient.shared.execute(
                request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let status = Int(response.status.code)
            return Result(url: url, status: status, succeeded: status == 200, message: body)
        } catch {
            return Result(url: url, status: nil, succeeded: false, message: "no answer: \(error)")
        }
    }
}
