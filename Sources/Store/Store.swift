import Logging
import PostgresNIO
import Synchronization

/// Marquee's PostgreSQL: a connection pool plus the repositories; the only place SQL lives.
///
/// - Important: ``run()`` must be running (it is the pool's service) while any other method
///   is used; ``withStore(_:logger:_:)`` arranges that for a block of work.
public struct Store: Sendable {
    /// The underlying PostgresNIO pool.
    public let client: PostgresClient
    let logger: Logger
    private let started = RunFlag()

    /// Creates a store; nothing connects until ``run()`` is running and a query is made.
    /// `eventLoopGroup` gives its connections threads of their own (the server does this, so a
    /// large batch never holds up the event loops that answer HTTP); by default they share
    /// NIO's singleton group.
    public init(configuration: StoreConfiguration, logger: Logger, eventLoopGroup: (any EventLoopGroup)? = nil) {
        client = PostgresClient(
            configuration: configuration.clientConfiguration,
            eventLoopGroup: eventLoopGroup ?? PostgresClient.defaultEventLoopGroup, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the connection pool until the task is cancelled.
    public func run() async {
        started.set()
        await client.run()
    }

    /// Waits (up to a second) until ``run()`` has started: a query made before that waits in
    /// the pool anyway, but the pool logs a warning about it.
    func waitUntilRunning() async {
        for _ in 0..<1000 where !started.isSet { try? await Task.sleep(for: .milliseconds(1)) }
        try? await Task.sleep(for: .milliseconds(1))
    }

    /// Runs `body` with a store whose pool runs alongside it, then stops the pool.
    public static func withStore<Result: Sendable>(
        _ configuration: StoreConfiguration, logger: Logger, _ body: @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        let store = Store(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            await store.waitUntilRunning()
            return try await body(store)
        }
    }

    /// Applies pending migrations; returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        await waitUntilRunning()
        do {
            return try await Migrator(client: client, logger: logger).migrate()
        } catch let error as PostgresTransactionError where error.closureError is StoreError {
            throw error.closureError!
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .migration, "could not migrate the database: \(String(reflecting: error))", underlying: error)
        }
    }
}

/// Set once ``Store/run()`` has begun.
final class RunFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
