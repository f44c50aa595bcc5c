import PostgresNIO

extension Store {
    /// Runs `body` in a transaction; a failure becomes a ``StoreError`` that says what was being
    /// done (a ``StoreError`` thrown by `body` passes through unchanged).
    func transaction<Result: Sendable>(
        _ what: String, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError as? StoreError { throw cause }
            throw StoreError(.query, "could not \(what): \(String(reflecting: error))", underlying: error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.query, "could not \(what): \(String(reflecting: error))", underlying: error)
        }
    }
}
