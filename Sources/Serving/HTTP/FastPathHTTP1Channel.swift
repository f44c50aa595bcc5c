import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with ``RecommendFastPath`` in front of its HTTP decoder,
/// where it sees a connection's bytes before any parsing (and closes the connection when idle),
/// and ``ConnectionPersistence`` and
/// ``MalformedRequestAnswer`` behind the decoder, where the request's HTTP version and the
/// parser's errors are still known.
struct FastPathHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let components: ServingComponents
    let serverName: String
    /// Nil keeps idle connections open.
    let idleTimeout: Duration?

    /// The server builder for ``ServingServer``: the router answers what the fast path does not.
    static func builder(
        _ components: ServingComponents, serverName: String, idleTimeout: Duration?
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            FastPathHTTP1Channel(
                http1: HTTP1Channel(responder: responder), components: components, serverName: serverName,
                idleTimeout: idleTimeout)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let idle = idleTimeout.map {
                IdleConnectionTimer(period: TimeAmount($0), closed: components.metrics.idleConnectionsClosed)
            }
            try channel.pipeline.syncOperations.addHandler(
                RecommendFastPath(components: components, serverName: serverName, idle: idle))
        }.flatMap { http1.setup(channel: channel, logger: logger) }.flatMapThrowing { value in
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandlers(
                [ConnectionPersistence(),
                 MalformedRequestAnswer(metrics: components.metrics, accessLog: components.accessLog)],
                position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
