import Foundation
import PostgresNIO

/// A row of the model registry, without its artifact.
public struct ModelRecord: Sendable, Hashable {
    public var version: String
    public var kind: String
    /// `candidate`, `promoted` or `retired`.
    public var status: String
    public var createdAt: Date
    public var promotedAt: Date?
    public var codeVersion: String
    /// The manifest as JSON text.
    public var manifest: String
}

/// A model to register: its manifest (JSON) and artifact bytes.
public struct NewModel: Sendable {
    public var version: String
    public var kind: String
    public var codeVersion: String
    public var params: String
    public var dataSnapshot: String
    public var metrics: String
    public var manifest: String
    public var artifact: Data

    public init(
        version: String, kind: String, codeVersion: String, params: String, dataSnapshot: String, metrics: String,
        manifest: String, artifact: Data
    ) {
        self.version = version
        self.kind = kind
        self.codeVersion = codeVersion
        self.params = params
        self.dataSnapshot = dataSnapshot
        self.metrics = metrics
        self.manifest = manifest
        self.artifact = artifact
    }
}

extension Store {
    /// Adds a model to the registry as a `candidate`.
    public func register(_ model: NewModel) async throws {
        try await transaction("register model \(model.version)") { connection in
            try await connection.query(
                """
                INSERT INTO models (version, kind, status, params, data_snapshot, metrics, code_version, manifest, artifact)
                VALUES (\(model.version), \(model.kind), 'candidate', \(model.params)::jsonb, \(model.dataSnapshot)::jsonb,
                        \(model.metrics)::jsonb, \(model.codeVersion), \(model.manifest)::jsonb, \(model.artifact))
                """, logger: logger)
        }
    }

    /// Every registered model, newest first.
    public func models() async throws -> [ModelRecord] {
        let rows = try await client.query(
            """
            SELECT version, kind, status, created_at, promoted_at, code_version, manifest::text
            FROM models ORDER BY created_at DESC, version DESC
            """, logger: logger)
        var records: [ModelRecord] = []
        for try await row in rows.decode((String, String, String, Date, Date?, String, String).self) {
            records.append(ModelRecord(row))
        }
        return records
    }

    /// One model's record, or nil.
    public func model(version: String) async throws -> ModelRecord? {
        let rows = try await client.query(
            """
            SELECT version, kind, status, created_at, promoted_at, code_version, manifest::text
            FROM models WHERE version = \(version)
            """, logger: logger)
        for try await row in rows.decode((String, String, String, Date, Date?, String, String).self) {
            return ModelRecord(row)
        }
        return nil
    }

    /// The artifact bytes of `version`, or nil when there is no such model.
    public func artifact(version: String) async throws -> Data? {
        let rows = try await client.query("SELECT artifact FROM models WHERE version = \(version)", logger: logger)
        for try await bytes in rows.decode(Data.self) { return bytes }
        return nil
    }

    /// Replaces the manifest (JSON text) of `version`, e.g. to add what `retrain` decided.
    ///
    /// - Throws: ``StoreError`` (`notFound`) when there is no such model.
    public func updateManifest(version: String, manifest: String) async throws {
        try await transaction("update the manifest of model \(version)") { connection in
            var updated = false
            for try await _ in try await connection.query(
                "UPDATE models SET manifest = \(manifest)::jsonb WHERE version = \(version) RETURNING version",
                logger: logger
            ).decode(String.self) {
                updated = true
            }
            guard updated else {
                throw StoreError(.notFound, "no model \(version) in the registry; `marquee models` lists them")
            }
        }
    }

    /// Marks `version` promoted and retires the model of its kind that was promoted before
    /// (one promoted model per kind; an experiment can still name any version directly).
    /// With `overrideReason` (the gate was overridden), the manifest's `gate.override` records it.
    /// With `manifest` (JSON text), the model's manifest is replaced in the same transaction, so
    /// a promotion and the manifest saying why are never seen apart.
    /// Returns the retired versions.
    public func promote(version: String, overrideReason: String? = nil, manifest: String? = nil) async throws
        -> [String]
    {
        try await transaction("promote model \(version)") { connection in
            var kind: String?
            for try await found in try await connection.query(
                "SELECT kind FROM models WHERE version = \(version) FOR UPDATE", logger: logger
            ).decode(String.self) {
                kind = found
            }
            guard let kind else {
                throw StoreError(.notFound, "no model \(version) in the registry; `marquee models` lists them")
            }
            var retired: [String] = []
            for try await old in try await connection.query(
                """
                UPDATE models SET status = 'retired'
                WHERE kind = \(kind) AND status = 'promoted' AND version <> \(version) RETURNING version
                """, logger: logger
            ).decode(String.self) {
                retired.append(old)
            }
            try await connection.query(
                "UPDATE models SET status = 'promoted', promoted_at = now() WHERE version = \(version)", logger: logger)
            if let manifest {
                try await connection.query(
                    "UPDATE models SET manifest = \(manifest)::jsonb WHERE version = \(version)", logger: logger)
            }
            if let overrideReason {
                try await connection.query(
                    """
                    UPDATE models SET manifest = jsonb_set(manifest, '{gate,override}', jsonb_build_object('reason', \(overrideReason)::text))
                    WHERE version = \(version)
                    """, logger: logger)
            }
            return retired
        }
    }
}

extension ModelRecord {
    init(_ row: (String, String, String, Date, Date?, String, String)) {
        self.init(
            version: row.0, kind: row.1, status: row.2, createdAt: row.3, promotedAt: row.4, codeVersion: row.5,
            manifest: row.6)
    }
}
