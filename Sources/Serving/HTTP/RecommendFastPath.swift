import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `GET /recommend/<uid>` on the connection's event loop, with no task, router or
/// middleware per request: the hot route of `marquee serve`.
///
/// It sits in Hummingbird's HTTP/1 pipeline after request decoding (`HTTP1Channel`'s
/// additional handlers) and hands the router everything it does not answer itself, unchanged:
/// other routes and methods, a uid the route refuses with its reason, a server not ready yet,
/// `Connection: close`, a query string, a connection whose writes are backed up. Both paths
/// build the answer with ``ServingComponents/answer(userID:state:arrived:)``.
///
/// Answers leave in request order: while a routed request on the connection is unanswered,
/// pipelined `/recommend` requests behind it are routed too.
final class RecommendFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private struct Pending {
        let userID: Int64
        let state: ServingState
        let path: String
        let arrived: ContinuousClock.Instant
    }

    private let components: ServingComponents
    private let serverName: String
    /// The request being read is the router's.
    private var routing = false
    /// Requests handed to the router whose answer has not ended yet.
    private var routedUnanswered = 0
    /// A request this handler answers once its end arrives.
    private var pending: Pending?
    private var needsFlush = false
    private var date = HTTPDateText()

    init(components: ServingComponents, serverName: String) {
        self.components = components
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if routedUnanswered == 0, context.channel.isWritable, let userID = Self.userID(request),
                let state = components.box.current
            {
                pending = Pending(userID: userID, state: state, path: request.path ?? "", arrived: .now)
            } else {
                routing = true
                routedUnanswered += 1
                context.fireChannelRead(data)
            }
        case .body:
            if routing { context.fireChannelRead(data) }
        case .end:
            if routing {
                routing = false
                context.fireChannelRead(data)
            } else if let request = pending {
                pending = nil
                respond(to: request, context: context)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    /// Sees only the router's answers (this handler's own writes start below it).
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { routedUnanswered -= 1 }
        context.write(data, promise: promise)
    }

    private func respond(to request: Pending, context: ChannelHandlerContext) {
        let answer = components.answer(userID: request.userID, state: request.state, arrived: request.arrived)
        let body = context.channel.allocator.buffer(string: answer.body)
        var fields = answer.fields
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = date.now()
        fields[.server] = serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
        components.accessLog.record(
            method: .get, path: request.path, status: 200, elapsed: .now - request.arrived, variant: answer.variant,
            requestID: answer.requestID)
    }

    /// The uid of a request this handler answers: `GET /recommend/<uid>` with a valid uid
    /// (1 to 10 digits, > 0), no query and no `Connection: close`; nil sends it to the router.
    static func userID(_ request: HTTPRequest) -> Int64? {
        guard request.method == .get, let path = request.path else { return nil }
        if let connection = request.headerFields[.connection], connection.lowercased().contains("close") { return nil }
        let prefix = "/recommend/".utf8
        let bytes = path.utf8
        guard bytes.count > prefix.count, bytes.count <= prefix.count + 10, bytes.starts(with: prefix) else {
            return nil
        }
        var value: Int64 = 0
        for byte in bytes.dropFirst(prefix.count) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value > 0 ? value : nil
    }
}
