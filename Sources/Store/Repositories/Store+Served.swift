import Foundation
import PostgresNIO

/// One `/recommend` answer as the served log keeps it.
public struct ServedRecord: Sendable, Hashable, Codable {
    public var requestID: String
    public var userID: Int64
    /// When the answer was made, in microseconds since 1970 (UTC).
    public var at: Int64
    public var experimentID: String
    public var variant: String
    public var modelVersion: String
    public var dataID: String
    public var codeVersion: String
    /// Movie ids, best first, joined by commas: the answer's body as it was sent (movie ids
    /// never contain a comma); an element of `served_batches.lines`, and `served.items` split.
    public var line: String
    public var latencyMicroseconds: Int32
    /// `model`, `fold_in` or `cold_start`.
    public var basis: String
    /// Why the popularity list replaced the variant's answer (`deadline`), or nil.
    public var fallback: String?

    public init(
        requestID: String, userID: Int64, at: Int64, experimentID: String, variant: String, modelVersion: String,
        dataID: String, codeVersion: String, line: String, latencyMicroseconds: Int32, basis: String,
        fallback: String?
    ) {
        self.requestID = requestID
        self.userID = userID
        self.at = at
        self.experimentID = experimentID
        self.variant = variant
        self.modelVersion = modelVersion
        self.dataID = dataID
        self.codeVersion = codeVersion
        self.line = line
        self.latencyMicroseconds = latencyMicroseconds
        self.basis = basis
        self.fallback = fallback
    }

    /// Movie ids, best first.
    public var items: [String] { line.split(separator: ",").map(String.init) }
}

extension ServedRecord {
    private enum CodingKeys: String, CodingKey {
        case requestID, userID, at, experimentID, variant, modelVersion, dataID, codeVersion, items
        case latencyMicroseconds, basis, fallback
    }

    /// Spool lines keep `items` as a JSON array, as they always have, so older spools replay.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            requestID: try values.decode(String.self, forKey: .requestID),
            userID: try values.decode(Int64.self, forKey: .userID), at: try values.decode(Int64.self, forKey: .at),
            experimentID: try values.decode(String.self, forKey: .experimentID),
            variant: try values.decode(String.self, forKey: .variant),
            modelVersion: try values.decode(String.self, forKey: .modelVersion),
            dataID: try values.decode(String.self, forKey: .dataID),
            codeVersion: try values.decode(String.self, forKey: .codeVersion),
            line: try values.decode([String].self, forKey: .items).joined(separator: ","),
            latencyMicroseconds: try values.decode(Int32.self, forKey: .latencyMicroseconds),
            basis: try values.decode(String.self, forKey: .basis),
            fallback: try values.decodeIfPresent(String.self, forKey: .fallback))
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(requestID, forKey: .requestID)
        try values.encode(userID, forKey: .userID)
        try values.encode(at, forKey: .at)
        try values.encode(experimentID, forKey: .experimentID)
        try values.encode(variant, forKey: .variant)
        try values.encode(modelVersion, forKey: .modelVersion)
        try values.encode(dataID, forKey: .dataID)
        try values.encode(codeVersion, forKey: .codeVersion)
        try values.encode(items, forKey: .items)
        try values.encode(latencyMicroseconds, forKey: .latencyMicroseconds)
        try values.encode(basis, forKey: .basis)
        try values.encodeIfPresent(fallback, forKey: .fallback)
    }
}

extension Store {
    /// Appends served records. A record whose request id is already stored is skipped, so
    /// writing records that were partly written before adds nothing twice.
    public func insertServed(_ records: [ServedRecord]) async throws {
        guard !records.isEmpty else { return }
        try await replayServed(rows: Self.servedCopyRows(records), .unnamed)
    }

    /// The served log of one user, oldest first.
    public func served(userID: Int64) async throws -> [ServedRecord] {
        try await servedRecords(
            """
            SELECT request_id, user_id, (extract(epoch FROM at) * 1e6)::int8, experiment_id, variant, model_version,
                   data_id, code_version, array_to_string(items, ','), latency_us, basis, fallback
            FROM served WHERE user_id = \(userID) ORDER BY at, request_id
            """)
    }

    /// The served log between two instants (microseconds since 1970, both included), oldest first:
    /// what online evaluation attributes client events with.
    public func served(fromMicroseconds from: Int64, throughMicroseconds through: Int64) async throws
        -> [ServedRecord]
    {
        try await servedRecords(
            """
            SELECT request_id, user_id, (extract(epoch FROM at) * 1e6)::int8, experiment_id, variant, model_version,
                   data_id, code_version, line, latency_us, basis, fallback
            FROM served_batches b
            CROSS JOIN LATERAL unnest(b.request_ids, b.user_ids, b.ats, b.provenance_ids, b.lines, b.latencies_us,
                                      b.bases, b.fallbacks)
                AS a(request_id, user_id, at, provenance_id, line, latency_us, basis, fallback)
            JOIN served_provenance p ON p.id = a.provenance_id
            WHERE b.last_at >= timestamptz 'epoch' + \(from) * interval '1 microsecond'
              AND b.first_at <= timestamptz 'epoch' + \(through) * interval '1 microsecond'
              AND a.at BETWEEN timestamptz 'epoch' + \(from) * interval '1 microsecond'
                           AND timestamptz 'epoch' + \(through) * interval '1 microsecond'
            ORDER BY at, request_id
            """)
    }

    private func servedRecords(_ query: PostgresQuery) async throws -> [ServedRecord] {
        let rows = try await client.query(query, logger: logger)
        var records: [ServedRecord] = []
        for try await row in rows.decode(
            (String, Int64, Int64, String, String, String, String, String, String, Int32, String, String?).self)
        {
            records.append(
                ServedRecord(
                    requestID: row.0, userID: row.1, at: row.2, experimentID: row.3, variant: row.4,
                    modelVersion: row.5, dataID: row.6, codeVersion: row.7, line: row.8,
                    latencyMicroseconds: row.9, basis: row.10, fallback: row.11))
        }
        return records
    }

    /// The request id of every row in the served log, sorted; an id stored twice appears twice
    /// (for checks that nothing was lost or written twice).
    public func servedRequestIDs() async throws -> [String] {
        var ids: [String] = []
        let rows = try await client.query(
            "SELECT unnest(request_ids) AS request_id FROM served_batches ORDER BY request_id", logger: logger)
        for try await id in rows.decode(String.self) { ids.append(id) }
        return ids
    }
}
