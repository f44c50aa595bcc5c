import NIOCore
import NIOHTTP1

/// Keeps or closes each connection as its client's HTTP version and `Connection` header ask
/// (RFC 9112 §9.3), and says so in the answer's `Connection` field.
///
/// It sits between NIO's HTTP/1 decoder and the HTTPTypes codec, which drops the request's
/// version: without it an HTTP/1.0 client that did not ask for keep-alive (ApacheBench without
/// `-k`, many scripts) got an HTTP/1.1 answer on a connection left open, and waited for a close
/// that never came; one that did ask (`ab -k`) was not told it was granted. Hummingbird closes
/// after an answer only when the request's `Connection` is exactly `close`, so a request whose
/// connection must end is handed on with that value.
final class ConnectionPersistence: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The `Connection` value each request read and not yet answered gets, in request order:
    /// `close` when its connection ends, `keep-alive` for an HTTP/1.0 client that asked to keep
    /// it, nil for an HTTP/1.1 connection that goes on (the default needs no field).
    private var answers = CircularBuffer<String?>()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        let keptAlive = head.isKeepAlive
        answers.append(keptAlive ? (head.version == .http1_0 ? "keep-alive" : nil) : "close")
        if !keptAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // An answer to no request read here (the 400 for bytes the decoder refused) passes as is.
        guard case .head(var head) = unwrapOutboundIn(data), let connection = answers.popFirst() else {
            return context.write(data, promise: promise)
        }
        if let connection { head.headers.replaceOrAdd(name: "Connection", value: connection) }
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}
