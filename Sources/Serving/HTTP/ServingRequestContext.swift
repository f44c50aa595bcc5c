import Hummingbird

/// The request context of `marquee serve`: Hummingbird's core storage plus the instant the
/// request arrived, from which the deadline budget is measured.
public struct ServingRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// When the request reached the server (its head was decoded).
    public let arrived: ContinuousClock.Instant

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        arrived = .now
    }

    /// Admin bodies are small config files.
    public var maxUploadSize: Int { 1 << 20 }
}
