import Synchronization

/// Runs `body`, giving up after `limit`: the result, or nil when the time ran out first.
///
/// The caller never waits past `limit`, even for a body that ignores cancellation (a query
/// waiting for a connection to a server that is gone may): the body is cancelled and left to
/// finish on its own, and its late result is dropped.
func withTimeout<Result: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result? {
    let pending = PendingContinuation<Result?>()
    return try await withCheckedThrowingContinuation { continuation in
        pending.continuation.withLock { $0 = continuation }
        let timer = Task {
            try await Task.sleep(for: limit)
            pending.continuation.withLock { $0.take() }?.resume(returning: nil)
        }
        Task {
            let outcome: Swift.Result<Result?, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            timer.cancel()
            pending.continuation.withLock { $0.take() }?.resume(with: outcome)
        }
    }
}

/// A continuation resumed at most once, by whichever of two tasks gets it first.
private final class PendingContinuation<Value: Sendable>: Sendable {
    let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)
}
