extension ModelManifest {
    /// Every verdict of the `marquee retrain` cycle that trained a model: the data checks, the
    /// offline comparison with the promoted model of its kind, and the decision with its reason.
    /// Written to `manifest.json` and the registry once the decision is made.
    public struct Retrain: Sendable, Hashable, Codable {
        /// A stored data check (validation) the cycle ran.
        public struct Check: Sendable, Hashable, Codable {
            /// `pass`, `warn` or `block`.
            public var verdict: String
            public var reportID: Int64?
            /// What the verdict rests on, in one line.
            public var summary: String

            public init(verdict: String, reportID: Int64?, summary: String) {
                self.verdict = verdict
                self.reportID = reportID
                self.summary = summary
            }

            enum CodingKeys: String, CodingKey { case verdict, reportID = "report_id", summary }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(verdict, forKey: .verdict)
                try container.encode(reportID, forKey: .reportID)
                try container.encode(summary, forKey: .summary)
            }
        }

        /// The drift report the cycle stored, and the windows it compared.
        public struct Drift: Sendable, Hashable, Codable {
            /// `pass`, `warn` or `block`.
            public var verdict: String
            public var reportID: Int64?
            public var summary: String
            /// `compare` (reference vs current) or `snapshot` (current only).
            public var mode: String
            /// The reference window's label (nil in snapshot mode).
            public var reference: String?
            /// The current window's label.
            public var current: String

            public init(
                verdict: String, reportID: Int64?, summary: String, mode: String, reference: String?, current: String
            ) {
                self.verdict = verdict
                self.reportID = reportID
                self.summary = summary
                self.mode = mode
                self.reference = reference
                self.current = current
            }

            enum CodingKeys: String, CodingKey {
                case verdict, reportID = "report_id", summary, mode, reference, current
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(verdict, forKey: .verdict)
                try container.encode(reportID, forKey: .reportID)
                try container.encode(summary, forKey: .summary)
                try container.encode(mode, forKey: .mode)
                try container.encode(reference, forKey: .reference)
                try container.encode(current, forKey: .current)
            }
        }

        /// The candidate against the promoted model of its kind on the same held-out interactions.
        public struct Comparison: Sendable, Hashable, Codable {
            /// The metric that decides, e.g. `ndcg@20`.
            public var metric: String
            /// The candidate's value (nil when no held-out user could be scored).
            public var candidate: Double?
            /// The promoted model compared against (nil when none of the kind was promoted).
            public var incumbentVersion: String?
            /// The incumbent's value on the same users (nil without an incumbent or users).
            public var incumbent: Double?
            /// Users whose held-out interaction both were scored on.
            public var holdoutUsers: Int
            /// The fewest held-out users a promotion over an incumbent needs.
            public var minHoldoutUsers: Int
            /// The relative margin the candidate must beat the incumbent by (0.02 = 2 %).
            public var margin: Double

            public init(
                metric: String, candidate: Double?, incumbentVersion: String?, incumbent: Double?, holdoutUsers: Int,
                minHoldoutUsers: Int, margin: Double
            ) {
                self.metric = metric
                self.candidate = candidate
                self.incumbentVersion = incumbentVersion
                self.incumbent = incumbent
                self.holdoutUsers = holdoutUsers
                self.minHoldoutUsers = minHoldoutUsers
                self.margin = margin
            }

            enum CodingKeys: String, CodingKey {
                case metric, candidate, incumbentVersion = "incumbent_version", incumbent
                case holdoutUsers = "holdout_users", minHoldoutUsers = "min_holdout_users", margin
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(metric, forKey: .metric)
                try container.encode(candidate, forKey: .candidate)
                try container.encode(incumbentVersion, forKey: .incumbentVersion)
                try container.encode(incumbent, forKey: .incumbent)
                try container.encode(holdoutUsers, forKey: .holdoutUsers)
                try container.encode(minHoldoutUsers, forKey: .minHoldoutUsers)
                try container.encode(margin, forKey: .margin)
            }
        }

        /// What the cycle did with the candidate.
        public enum Decision: String, Sendable, Hashable, Codable {
            /// Promoted through the gate; the previous model of its kind was retired.
            case promoted
            /// Left a candidate; the promoted model keeps serving.
            case keptIncumbent = "kept_incumbent"
        }

        /// The cycle's id (`retrain-<UTC time>-<hex>`), shared by the models it trained.
        public var cycleID: String
        /// When the cycle started, RFC 3339.
        public var startedAt: String
        public var validation: Check
        public var drift: Drift
        public var comparison: Comparison
        public var decision: Decision
        /// The decision in words ("candidate ndcg@20 0.081 does not beat als-… 0.083 by 2 %").
        public var reason: String

        public init(
            cycleID: String, startedAt: String, validation: Check, drift: Drift, comparison: Comparison,
            decision: Decision, reason: String
        ) {
            self.cycleID = cycleID
            self.startedAt = startedAt
            self.validation = validation
            self.drift = drift
            self.comparison = comparison
            self.decision = decision
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case cycleID = "cycle_id", startedAt = "started_at", validation, drift, comparison, decision, reason
        }
    }
}
