/// Runs `body`, giving up after `limit`: the result, or nil when the time ran out first (the
/// body is cancelled then; PostgresNIO stops waiting for a connection when cancelled, which is
/// what a stopped server makes a query do).
func withTimeout<Result: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result? {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
