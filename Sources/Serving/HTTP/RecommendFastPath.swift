import HTTPTypes
import NIOCore

/// Answers `GET /recommend/<uid>` straight from a connection's bytes, on its event loop: no
/// HTTP parser, header dictionary, task, router or middleware per request. The hot route of
/// `marquee serve`.
///
/// It sits first in the pipeline, ahead of the HTTP/1 decoder and encoder
/// (``FastPathHTTP1Channel``). While a connection sends only requests ``FastRequestHead``
/// recognises, each one is answered here with the bytes the router's answer would have, built
/// by the same ``ServingComponents/answer(userID:state:arrived:)``. From the first byte it does
/// not recognise (another route, a refused uid, `Connection: close`, a body, anything
/// malformed), or when the server is not ready or the client stops reading its answers, the
/// rest of the connection goes to the HTTP parser and the router. Answers leave in request
/// order: everything answered here was written before the first routed byte was passed on.
///
/// Being first, it also keeps the connection's ``IdleConnectionTimer``.
final class RecommendFastPath: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let components: ServingComponents
    private let serverName: String
    /// The start of a request head whose end has not arrived yet.
    private var partial: ByteBuffer?
    /// Set for good once a request went to the router.
    private var routing = false
    private var needsFlush = false
    private var date = HTTPDateText()
    /// Each variant's constant provenance header lines, for the state they were made from.
    private var headerLines: (state: ServingState, lines: [ByteBuffer?])?
    /// Nil keeps an idle connection open.
    private let idle: IdleConnectionTimer?

    init(components: ServingComponents, serverName: String, idle: IdleConnectionTimer?) {
        self.components = components
        self.serverName = serverName
        self.idle = idle
    }

    func handlerAdded(context: ChannelHandlerContext) {
        idle?.start(context: context)
    }

    func channelActive(context: ChannelHandlerContext) {
        idle?.start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idle?.stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idle?.stop()
    }

    /// The router's answers pass here on their way out (the fast path's own follow reads).
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        idle?.active = true
        context.write(data, promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        idle?.active = true
        guard !routing else { return context.fireChannelRead(data) }
        var bytes = unwrapInboundIn(data)
        if var held = partial {
            partial = nil
            held.writeBuffer(&bytes)
            bytes = held
        }
        var answers = context.channel.allocator.buffer(capacity: 0)
        while bytes.readableBytes > 0 {
            let head = bytes.withUnsafeReadableBytes { FastRequestHead.parse($0) }
            if case .incomplete = head {
                partial = bytes
                break
            }
            guard case .recommend(let userID, let length) = head, context.channel.isWritable,
                let state = components.box.current
            else {
                route(bytes, context: context, after: answers)
                return
            }
            let arrived = ContinuousClock.now
            bytes.moveReaderIndex(forwardBy: length)
            let answer = components.answer(userID: userID, state: state, arrived: arrived)
            write(answer, state: state, into: &answers)
            components.accessLog.record(
                method: .get, path: "/recommend/\(userID)", status: 200, elapsed: .now - arrived,
                variant: answer.recommendation.variant, requestID: answer.requestID.text)
        }
        if answers.readableBytes > 0 {
            context.write(wrapOutboundOut(.byteBuffer(answers)), promise: nil)
            needsFlush = true
        }
    }

    /// Passed on only once the connection is routed: until then the handlers behind this one
    /// have read nothing, and the walk through them cost every answer a few percent of its CPU.
    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        if routing { context.fireChannelReadComplete() }
    }

    /// A client that stops sending half-way through a head gets the parser's answer for it.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let partial, case .inputClosed = event as? ChannelEvent {
            route(partial, context: context, after: context.channel.allocator.buffer(capacity: 0))
            self.partial = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Hands `bytes` (from a request's first byte on) and everything after them to the parser,
    /// once `answers` (the ones made before them) are written.
    private func route(_ bytes: ByteBuffer, context: ChannelHandlerContext, after answers: ByteBuffer) {
        routing = true
        if answers.readableBytes > 0 { context.write(wrapOutboundOut(.byteBuffer(answers)), promise: nil) }
        needsFlush = false
        context.flush()
        context.fireChannelRead(wrapInboundOut(bytes))
    }

    /// Writes `answer` as HTTP/1.1 `200 OK` with the router's fields in the router's order:
    /// content type, provenance (``RecommendAnswer/provenance``), length, date, server.
    private func write(_ answer: RecommendAnswer, state: ServingState, into buffer: inout ByteBuffer) {
        // One allocation for the whole answer: growing by doubling took about six `realloc`s,
        // and each is a turn at the allocator's lock, which the other threads also take.
        buffer.reserveCapacity(minimumWritableBytes: Self.answerCapacity)
        buffer.writeStaticString("HTTP/1.1 200 OK\r\nContent-Type: ")
        buffer.writeString(RecommendAnswer.contentType)
        buffer.writeStaticString("\r\n")
        var constant = constantLines(answer, state: state)
        buffer.writeBuffer(&constant)
        // ``RecommendAnswer/answerProvenance``, in its order, with no strings made.
        let recommendation = answer.recommendation
        Self.write(ServingHeaders.basis, recommendation.basis.rawValue, into: &buffer)
        buffer.writeString(ServingHeaders.requestID.rawName)
        buffer.writeStaticString(": ")
        answer.requestID.write(into: &buffer)
        buffer.writeStaticString("\r\n")
        if let fallback = recommendation.fallback { Self.write(ServingHeaders.fallback, fallback, into: &buffer) }
        let lines = recommendation.model.movieIDLines
        buffer.writeStaticString("Content-Length: ")
        buffer.writeString(String(lines.byteCount(recommendation.list)))
        buffer.writeStaticString("\r\nDate: ")
        buffer.writeString(date.now())
        buffer.writeStaticString("\r\nServer: ")
        buffer.writeString(serverName)
        buffer.writeStaticString("\r\n\r\n")
        lines.write(recommendation.list, into: &buffer)
    }

    /// Room for one answer: about 500 bytes of head and 20 ids of up to about 50 bytes.
    private static let answerCapacity = 1536

    /// The lines of ``RecommendAnswer/variantProvenance``, made once per variant and state.
    private func constantLines(_ answer: RecommendAnswer, state: ServingState) -> ByteBuffer {
        if headerLines?.state !== state {
            headerLines = (state, Array(repeating: nil, count: state.models.count))
        }
        let position = answer.recommendation.position
        if let lines = headerLines?.lines[position] { return lines }
        var lines = ByteBuffer()
        for field in answer.variantProvenance { Self.write(field, into: &lines) }
        headerLines?.lines[position] = lines
        return lines
    }

    private static func write(_ field: HTTPField, into buffer: inout ByteBuffer) {
        write(field.name, field.value, into: &buffer)
    }

    private static func write(_ name: HTTPField.Name, _ value: String, into buffer: inout ByteBuffer) {
        buffer.writeString(name.rawName)
        buffer.writeStaticString(": ")
        buffer.writeString(value)
        buffer.writeStaticString("\r\n")
    }
}
