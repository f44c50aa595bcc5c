/// The online evaluation as a document: what `marquee evaluate online` writes as JSON
/// (`schemas/online-report.schema.json`) and renders as HTML. Rates are fractions (0...1);
/// instants are ISO-8601 UTC strings.
public struct OnlineReport: Sendable, Hashable, Codable {
    /// Where the events came from.
    public struct Source: Sendable, Hashable, Codable {
        /// `file`, `postgres` or `stream`.
        public var kind: String
        /// The file, the database range or the topic and group, for a person.
        public var description: String

        public init(kind: String, description: String) {
            self.kind = kind
            self.description = description
        }
    }

    /// What the reader made of the log's lines (file mode; nil otherwise).
    public struct Lines: Sendable, Hashable, Codable {
        public var read: Int
        public var watches: Int
        public var ratings: Int
        public var recommendations: Int
        /// Lines rejected by the parser, by rule (MOVIELOG.md's dirty data).
        public var rejectedByRule: [String: Int]

        public init(read: Int, watches: Int, ratings: Int, recommendations: Int, rejectedByRule: [String: Int]) {
            self.read = read
            self.watches = watches
            self.ratings = ratings
            self.recommendations = recommendations
            self.rejectedByRule = rejectedByRule
        }
    }

    /// Client latency: percentiles (upper bucket edges, ms) and the non-empty buckets.
    public struct Latency: Sendable, Hashable, Codable {
        public var p50: Int?
        public var p95: Int?
        public var p99: Int?
        /// `[upper edge in ms, count]` for every non-empty bucket, ascending.
        public var histogram: [[Int]]
    }

    /// One variant, the overall stream, or the unattributed events.
    public struct Group: Sendable, Hashable, Codable {
        public var name: String
        /// The experiment the variant belongs to (nil for overall and unattributed).
        public var experiment: String?
        /// The configured weight (nil when no configuration was given or not a variant).
        public var weight: Double?
        public var modelVersions: [String]
        /// Events of any status.
        public var events: Int
        /// Status-200 events (WTR's denominator).
        public var ok: Int
        public var conversions: Int
        public var wtr: Double
        /// Wilson 95 % interval of WTR.
        public var wtrLow: Double
        public var wtrHigh: Double
        /// Share of events the client saw fail (status ≠ 200).
        public var failureShare: Double
        /// Share of the experiment's attributed events (variants only).
        public var trafficShare: Double?
        public var latency: Latency
    }

    /// A treatment against the control (the first variant).
    public struct Comparison: Sendable, Hashable, Codable {
        public var control: String
        public var treatment: String
        /// treatment WTR − control WTR, with its 95 % interval.
        public var difference: Double
        public var differenceLow: Double
        public var differenceHigh: Double
        /// Pooled two-proportion z-test: valid when read once at a size fixed in advance.
        public var z: Double
        public var pValueFixedHorizon: Double
        /// Mixture SPRT: valid however often it is read while the stream runs.
        public var likelihoodRatio: Double
        public var pValueAlwaysValid: Double
        /// Whether the always-valid p-value is below alpha.
        public var significant: Bool
    }

    /// Observed traffic split against the configured weights (chi-square).
    public struct SampleRatio: Sendable, Hashable, Codable {
        /// False when no weights were configured (or fewer than two variants have weight).
        public var checked: Bool
        public var chiSquare: Double?
        public var degreesOfFreedom: Int?
        public var pValue: Double?
        /// p < 0.001: the split is not what was configured.
        public var flagged: Bool
        public var note: String
    }

    /// The answer in one sentence, and its kind.
    public struct Verdict: Sendable, Hashable, Codable {
        /// `winner`, `no_difference_yet`, `srm`, `single_variant` or `no_data`.
        public var kind: String
        public var sentence: String
        public var winner: String?
        /// About how many more events a fixed-horizon read would need (`no_difference_yet`).
        public var moreEventsNeeded: Int?
    }

    /// One bucket of the time series for one group.
    public struct SeriesPoint: Sendable, Hashable, Codable {
        public var group: String
        public var bucketStart: String
        public var events: Int
        public var ok: Int
        public var conversions: Int
        public var wtr: Double
        public var wtrLow: Double
        public var wtrHigh: Double
    }

    public var schemaVersion: Int
    public var generatedAt: String
    public var source: Source
    public var windowSeconds: Int64
    public var bucketSeconds: Int64
    /// The experiment compared (from the configuration, else the one with most events).
    public var experiment: String?
    public var firstEvent: String?
    public var lastEvent: String?
    public var verdict: Verdict
    public var overall: Group
    public var unattributed: Group
    /// The experiment's variants, control first.
    public var variants: [Group]
    /// Variants of other experiments seen in the same range.
    public var otherVariants: [Group]
    public var comparisons: [Comparison]
    public var sampleRatio: SampleRatio
    public var series: [SeriesPoint]
    public var lines: Lines?
    /// Recommendation lines dropped as copies of one already counted.
    public var duplicates: Int
}
