import Foundation
import PostgresNIO

/// The verdict of a stored validation or drift report.
public struct StoredVerdict: Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    /// `pass`, `warn` or `block`.
    public var verdict: String
    /// What the verdict rests on, in one line.
    public var summary: String
}

extension Store {
    /// Stores a validation report (`summary`: what the verdict rests on); returns its id.
    public func insertValidationReport(
        target: String, snapshot: String, inputRows: Int, rejectRows: Int, maxRejectRate: Double, verdict: String,
        summary: String, report: String
    ) async throws -> Int64 {
        try await transaction("store the validation report") { connection in
            let rows = try await connection.query(
                """
                INSERT INTO validation_reports
                    (target, snapshot, input_rows, reject_rows, max_reject_rate, verdict, summary, report)
                VALUES (\(target), \(snapshot)::jsonb, \(inputRows), \(rejectRows), \(maxRejectRate), \(verdict),
                        \(summary), \(report)::jsonb)
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int64.self) { return id }
            throw StoreError(.query, "the validation report insert returned no id")
        }
    }

    /// Stores a drift report (`summary`: what the verdict rests on); returns its id.
    public func insertDriftReport(
        reference: String?, current: String, verdict: String, summary: String, report: String
    ) async throws -> Int64 {
        try await transaction("store the drift report") { connection in
            let rows = try await connection.query(
                """
                INSERT INTO drift_reports (reference, current, verdict, summary, report)
                VALUES (\(reference)::jsonb, \(current)::jsonb, \(verdict), \(summary), \(report)::jsonb)
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int64.self) { return id }
            throw StoreError(.query, "the drift report insert returned no id")
        }
    }

    /// The newest validation report of `target`, or nil when it was never validated.
    public func latestValidation(target: String) async throws -> StoredVerdict? {
        try await firstVerdict(
            client.query(
                """
                SELECT id, created_at, verdict, summary FROM validation_reports
                WHERE target = \(target) ORDER BY created_at DESC, id DESC LIMIT 1
                """, logger: logger))
    }

    /// The newest drift report, or nil when drift was never measured.
    public func latestDrift() async throws -> StoredVerdict? {
        try await firstVerdict(
            client.query(
                """
                SELECT id, created_at, verdict, summary FROM drift_reports
                ORDER BY created_at DESC, id DESC LIMIT 1
                """, logger: logger))
    }

    private func firstVerdict(_ rows: PostgresRowSequence) async throws -> StoredVerdict? {
        for try await (id, at, verdict, summary) in rows.decode((Int64, Date, String, String).self) {
            return StoredVerdict(id: id, createdAt: at, verdict: verdict, summary: summary)
        }
        return nil
    }
}
