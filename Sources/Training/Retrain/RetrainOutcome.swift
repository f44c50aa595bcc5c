import Evaluation
import Quality
import Recommenders

/// What one retrain cycle did: the data checks, the gate, and per kind the candidate, its
/// comparison with the promoted model and the decision. Encodes as snake_case JSON
/// (`marquee retrain --json`).
public struct RetrainOutcome: Sendable, Codable {
    /// The gate as the cycle found it after storing its own reports.
    public struct Gate: Sendable, Hashable, Codable {
        /// One check's verdict.
        public struct Check: Sendable, Hashable, Codable {
            /// `validation` or `drift`.
            public var name: String
            /// `pass`, `warn`, `block` or `missing`.
            public var verdict: String
            public var reportID: Int64?
            public var detail: String

            enum CodingKeys: String, CodingKey { case name, verdict, reportID = "report_id", detail }
        }

        /// Whether training went ahead (no check blocks).
        public var open: Bool
        public var checks: [Check]
        /// The gate's refusal (which check, which report, how to fix or override), when closed.
        public var message: String?

        init(_ gate: TrainingGate, message: String?) {
            open = gate.blocking.isEmpty
            checks = gate.checks.map {
                Check(
                    name: $0.name, verdict: $0.verdict?.rawValue ?? "missing", reportID: $0.reportID, detail: $0.detail)
            }
            self.message = message
        }
    }

    /// One kind's candidate and what became of it.
    public struct Kind: Sendable, Hashable, Codable {
        /// `als` or `popgenre`.
        public var kind: String
        /// The candidate's version (registered in the registry and the models folder); nil when
        /// none was trained because nothing is newer than the promoted model's data.
        public var candidate: String?
        /// The candidate's offline metrics on the whole leave-last-out split (its manifest's
        /// `metrics`); empty without a candidate.
        public var offline: [String: Double]
        public var comparison: ModelManifest.Retrain.Comparison
        public var decision: ModelManifest.Retrain.Decision
        public var reason: String
        /// Models retired by the promotion.
        public var retired: [String]

        enum CodingKeys: String, CodingKey {
            case kind, candidate, offline, comparison, decision, reason, retired
        }
    }

    public var cycleID: String
    /// RFC 3339.
    public var startedAt: String
    /// RFC 3339; nil when the cycle stopped early.
    public var finishedAt: String?
    public var validation: ModelManifest.Retrain.Check
    public var drift: ModelManifest.Retrain.Drift
    public var gate: Gate
    /// The kinds trained, in order; empty when the gate was closed.
    public var kinds: [Kind]
    /// The server's answer to `POST /admin/reload`, when a reload was asked for and made.
    public var reload: ServerReload.Result?

    /// The promoted candidates' versions.
    public var promoted: [String] { kinds.filter { $0.decision == .promoted }.compactMap(\.candidate) }

    enum CodingKeys: String, CodingKey {
        case cycleID = "cycle_id", startedAt = "started_at", finishedAt = "finished_at", validation, drift, gate
        case kinds, reload
    }
}

/// One step of a retrain cycle, reported as it happens (for progress lines).
public enum RetrainEvent: Sendable {
    /// Validation of `table` against its schema begins.
    case validating(table: String)
    case validated(ValidationReport, reportID: Int64)
    /// Drift measurement begins; `basis` says why these windows (which model's data, or why a snapshot).
    case measuringDrift(reference: DriftWindow?, current: DriftWindow, basis: String)
    case measuredDrift(DriftReport, reportID: Int64)
    /// The gate after both reports; training follows only when it is open.
    case gate(TrainingGate)
    /// A candidate's training (with its leave-last-out evaluation) begins.
    case training(ModelSpecification)
    case trained(kind: String, version: String, seconds: Double, offline: OfflineReport?)
    /// A candidate is being compared with `incumbent` (nil: none promoted) on the held-out users.
    case comparing(kind: String, candidate: String, incumbent: String?)
    /// A kind's decision, made and recorded (promoted, or kept as a candidate).
    case decided(RetrainOutcome.Kind)
    /// `POST /admin/reload` is being sent.
    case reloading(url: String)
    case reloaded(ServerReload.Result)
}
