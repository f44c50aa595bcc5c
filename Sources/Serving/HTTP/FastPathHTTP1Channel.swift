import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with ``RecommendFastPath`` in front of its HTTP decoder,
/// where it sees a connection's bytes before any parsing.
struct FastPathHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let components: ServingComponents
    let serverName: String

    /// The server builder for ``ServingServer``: the router answers what the fast path does not.
    static func builder(_ components: ServingComponents, serverName: String) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            FastPathHTTP1Channel(
                http1: HTTP1Channel(responder: responder), components: components, serverName: serverName)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                RecommendFastPath(components: components, serverName: serverName))
        }.flatMap { http1.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
