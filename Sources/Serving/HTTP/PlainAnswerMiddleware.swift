import Hummingbird
import Logging

/// Turns every error into a one-line `text/plain` answer (404 for an unknown path, 405 for a
/// known path asked with the wrong method, the error's own status otherwise, 500 for the
/// unexpected), then counts the answer and writes the access log line. (Answers to `HEAD`,
/// errors too, leave without their body: NIO's HTTP/1 encoder drops it.)
struct PlainAnswerMiddleware: RouterMiddleware {
    typealias Context = ServingRequestContext
    let metrics: ServingMetrics
    let accessLog: AccessLog
    let logger: Logger

    /// Routes and their methods, for 404 versus 405 and the hint in both.
    static let routes: [(prefix: String, exact: Bool, methods: [HTTPRequest.Method])] = [
        ("/recommend/", false, [.get, .head]), ("/health", true, [.get, .head]), ("/metrics", true, [.get, .head]),
        ("/admin/reload", true, [.post]), ("/admin/experiment", true, [.get, .head, .put]),
    ]
    static let routeList =
        "GET /recommend/<uid>, GET /health, GET /metrics, POST /admin/reload, GET|PUT /admin/experiment"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = error.status == .notFound && error.body == nil
                ? Self.unrouted(request) : Self.plain(error.status, error.body ?? "\(error.status)", error.headers)
        } catch let error as ServingError {
            let status: HTTPResponse.Status = error.code == .notReady ? .serviceUnavailable : .unprocessableContent
            response = Self.plain(status, error.message)
        } catch {
            logger.error("unexpected error answering a request", metadata: [
                "path": "\(request.uri.path.prefix(200))", "error": "\(error)",
            ])
            response = Self.plain(.internalServerError, "internal error: \(error)")
        }
        let elapsed = ContinuousClock.now - context.arrived
        let variant = response.headers[ServingHeaders.variant] ?? ""
        // A /recommend answer was counted by its variant's counters already.
        if variant.isEmpty { metrics.countRequest(variant: variant, status: response.status.code, duration: elapsed) }
        accessLog.record(
            method: request.method, path: request.uri.path, status: response.status.code, elapsed: elapsed,
            variant: variant, requestID: response.headers[ServingHeaders.requestID] ?? "")
        return response
    }

    /// A 404 or, for a known path asked with another method, a 405 with `Allow`.
    static func unrouted(_ request: Request) -> Response {
        let path = request.uri.path
        if let route = routes.first(where: { $0.exact ? path == $0.prefix : path.hasPrefix($0.prefix) }),
            !route.methods.contains(request.method)
        {
            let allowed = route.methods.map(\.rawValue).joined(separator: ", ")
            return plain(
                .methodNotAllowed, "\(request.method) is not allowed on \(path.prefix(100)); use \(allowed)",
                [.allow: allowed])
        }
        return plain(.notFound, "no route \(request.method) \(path.prefix(100)); the routes are \(routeList)")
    }

    /// A one-line text answer.
    static func plain(_ status: HTTPResponse.Status, _ message: String, _ headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/plain; charset=utf-8"
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: line + "\n")))
    }
}
