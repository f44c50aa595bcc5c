import NIOCore
import NIOHTTP1

/// Gives the `400` that Hummingbird sends for bytes NIO's HTTP/1 parser refuses (a bare-LF line
/// end, a header section over 80 KiB, an HTTP/2 preface on this HTTP/1 port, binary noise) the
/// one-line reason every other refusal has, and counts it (`marquee_requests_total` with status
/// 400) and writes its access-log line. Without it the answer had an empty body and nothing on
/// the server recorded it. The connection closes after it, as Hummingbird does.
///
/// It sits behind the decoder, where the parser's error passes on its way to the router.
final class MalformedRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: ServingMetrics
    private let accessLog: AccessLog
    /// The parser's error, until the `400` for it is written.
    private var parserError: HTTPParserError?

    init(metrics: ServingMetrics, accessLog: AccessLog) {
        self.metrics = metrics
        self.accessLog = accessLog
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parserError = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let error = parserError, case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest else {
            return context.write(data, promise: promise)
        }
        parserError = nil
        let reason = Self.reason(error)
        let body = ByteBuffer(string: reason + "\n")
        head.headers.replaceOrAdd(name: "Content-Type", value: "text/plain; charset=utf-8")
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        context.write(wrapOutboundOut(.head(head)), promise: promise)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        metrics.requestCounter(variant: "", status: 400).increment()
        accessLog.refused(status: 400, reason: reason)
    }

    /// What was wrong and what a client should send instead.
    static func reason(_ error: HTTPParserError) -> String {
        "malformed HTTP/1 request (\(error)); send a request line, header lines ending in CRLF and an empty line, "
            + "with at most 80 KiB of headers"
    }
}
