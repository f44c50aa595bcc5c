import Foundation

/// Everything that made a model: its parameters, data, code, the gate's verdicts, its offline
/// metrics and what training cost. Written next to the artifact as `manifest.json`, stored in
/// the registry, and checked against `schemas/model-manifest.schema.json` (absent values are
/// written as `null`, as the schema requires).
public struct ModelManifest: Sendable, Hashable, Codable {
    /// The data a model was trained on.
    public struct DataSnapshot: Sendable, Hashable, Codable {
        /// One consumer position the training data reflects.
        public struct Offset: Sendable, Hashable, Codable {
            public var topic: String
            public var partition: Int
            public var nextOffset: Int64

            public init(topic: String, partition: Int, nextOffset: Int64) {
                self.topic = topic
                self.partition = partition
                self.nextOffset = nextOffset
            }

            enum CodingKeys: String, CodingKey { case topic, partition, nextOffset = "next_offset" }
        }

        /// When the training set's interactions happened (RFC 3339), nil when empty.
        public struct TimeRange: Sendable, Hashable, Codable {
            public var from: String?
            public var to: String?

            public init(from: String?, to: String?) {
                self.from = from
                self.to = to
            }

            enum CodingKeys: String, CodingKey { case from, to }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(from, forKey: .from)
                try container.encode(to, forKey: .to)
            }
        }

        /// `postgres` or `files`.
        public var source: String
        /// Row counts per table (or file) at the snapshot.
        public var tables: [String: Int]
        /// Ingest positions per partition (empty for files).
        public var offsets: [Offset]
        /// ``InteractionIndex/contentHash`` of the training set.
        public var contentHash: String
        public var rows: Int
        public var users: Int
        public var items: Int
        public var timeRange: TimeRange

        public init(
            source: String, tables: [String: Int], offsets: [Offset], contentHash: String, rows: Int, users: Int,
            items: Int, timeRange: TimeRange
        ) {
            self.source = source
            self.tables = tables
            self.offsets = offsets
            self.contentHash = contentHash
            self.rows = rows
            self.users = users
            self.items = items
            self.timeRange = timeRange
        }

        /// A short id for headers and logs: the first 12 hex digits of the content hash.
        public var id: String { String(contentHash.split(separator: ":").last?.prefix(12) ?? "") }

        enum CodingKeys: String, CodingKey {
            case source, tables, offsets, contentHash = "content_hash", rows, users, items, timeRange = "time_range"
        }
    }

    /// The code that trained the model.
    public struct CodeVersion: Sendable, Hashable, Codable {
        /// The commit's short form, `-dirty` when the work tree had changes, or `unknown`.
        public var version: String
        public var commit: String?
        public var dirty: Bool

        public init(version: String, commit: String?, dirty: Bool) {
            self.version = version
            self.commit = commit
            self.dirty = dirty
        }

        enum CodingKeys: String, CodingKey { case version, commit, dirty }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(commit, forKey: .commit)
            try container.encode(dirty, forKey: .dirty)
        }
    }

    /// The gate's verdicts for the training data, and the override if one was used.
    public struct Gate: Sendable, Hashable, Codable {
        /// One check's latest verdict.
        public struct Check: Sendable, Hashable, Codable {
            /// `pass`, `warn`, `block`, or `missing` when the check never ran.
            public var verdict: String
            public var reportID: Int64?
            /// What the verdict rests on, in words.
            public var detail: String

            public init(verdict: String, reportID: Int64?, detail: String) {
                self.verdict = verdict
                self.reportID = reportID
                self.detail = detail
            }

            enum CodingKeys: String, CodingKey { case verdict, reportID = "report_id", detail }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(verdict, forKey: .verdict)
                try container.encode(reportID, forKey: .reportID)
                try container.encode(detail, forKey: .detail)
            }
        }

        /// An operator's decision to train or promote through a blocking verdict.
        public struct Override: Sendable, Hashable, Codable {
            public var reason: String
            public init(reason: String) { self.reason = reason }
        }

        public var validation: Check
        public var drift: Check
        public var override: Override?

        public init(validation: Check, drift: Check, override: Override?) {
            self.validation = validation
            self.drift = drift
            self.override = override
        }

        enum CodingKeys: String, CodingKey { case validation, drift, override }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(validation, forKey: .validation)
            try container.encode(drift, forKey: .drift)
            try container.encode(override, forKey: .override)
        }
    }

    /// What training cost.
    public struct Training: Sendable, Hashable, Codable {
        public var seconds: Double
        public var peakRSSBytes: Int
        /// ALS passes: loss and seconds each.
        public var iterations: [Iteration]

        /// One ALS pass.
        public struct Iteration: Sendable, Hashable, Codable {
            public var loss: Double?
            public var seconds: Double
            public init(loss: Double?, seconds: Double) {
                self.loss = loss
                self.seconds = seconds
            }
        }

        public init(seconds: Double, peakRSSBytes: Int, iterations: [Iteration]) {
            self.seconds = seconds
            self.peakRSSBytes = peakRSSBytes
            self.iterations = iterations
        }

        enum CodingKeys: String, CodingKey { case seconds, peakRSSBytes = "peak_rss_bytes", iterations }
    }

    /// The artifact file the manifest describes.
    public struct Artifact: Sendable, Hashable, Codable {
        public var file: String
        public var bytes: Int
        public var sha256: String

        public init(file: String, bytes: Int, sha256: String) {
            self.file = file
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    public var version: String
    /// `als` or `popgenre`.
    public var kind: String
    /// RFC 3339.
    public var createdAt: String
    public var params: ModelSpecification
    public var data: DataSnapshot
    public var code: CodeVersion
    public var gate: Gate
    /// Offline metrics on the leave-last-out split of the training data (`recall@10`, ...).
    public var metrics: [String: Double]
    public var training: Training
    public var artifact: Artifact
    /// What the `marquee retrain` cycle that made this model decided and why (see
    /// ``Retrain``); nil, and left out of the JSON, for a model trained by `marquee train`.
    public var retrain: Retrain?

    public init(
        version: String, kind: String, createdAt: String, params: ModelSpecification, data: DataSnapshot,
        code: CodeVersion, gate: Gate, metrics: [String: Double], training: Training, artifact: Artifact,
        retrain: Retrain? = nil
    ) {
        self.version = version
        self.kind = kind
        self.createdAt = createdAt
        self.params = params
        self.data = data
        self.code = code
        self.gate = gate
        self.metrics = metrics
        self.training = training
        self.artifact = artifact
        self.retrain = retrain
    }

    enum CodingKeys: String, CodingKey {
        case version, kind, createdAt = "created_at", params, data, code, gate, metrics, training, artifact, retrain
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
