import Hummingbird

/// The bearer token that admin routes require. It is compared in constant time and never logged.
struct AdminToken: Sendable {
    let secret: String?

    /// Passes when the request's `Authorization: Bearer <token>` matches; throws a 401/403 otherwise.
    func check(_ request: Request) throws(HTTPError) {
        guard let secret, !secret.isEmpty else {
            throw HTTPError(
                .forbidden, message: "admin routes are off: start serve with MARQUEE_ADMIN_TOKEN or --admin-token-file")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "admin routes need the header Authorization: Bearer <token>")
        }
        let offered = Array(header.dropFirst("Bearer ".count).utf8)
        let expected = Array(secret.utf8)
        var difference = UInt8(offered.count == expected.count ? 0 : 1)
        for position in 0..<max(offered.count, expected.count) {
            difference |= (position < offered.count ? offered[position] : 0)
                ^ (position < expected.count ? expected[position] : 0)
        }
        guard difference == 0 else { throw HTTPError(.forbidden, message: "the admin token is wrong") }
    }
}
