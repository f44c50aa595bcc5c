import MovieLog

/// The experiment as configured: what SRM checks against and which variant is the control.
public struct ExperimentPlan: Sendable, Hashable {
    public var id: String
    /// Variant names and weights, control first.
    public var variants: [(name: String, weight: Double)]

    public init(id: String, variants: [(name: String, weight: Double)]) {
        self.id = id
        self.variants = variants
    }

    public static func == (lhs: ExperimentPlan, rhs: ExperimentPlan) -> Bool {
        lhs.id == rhs.id && lhs.variants.map(\.name) == rhs.variants.map(\.name)
            && lhs.variants.map(\.weight) == rhs.variants.map(\.weight)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        for variant in variants {
            hasher.combine(variant.name)
            hasher.combine(variant.weight)
        }
    }
}

extension OnlineReport {
    /// The significance level of every test and the verdict. 0.05.
    public static let alpha = 0.05
    /// SRM is flagged below this p-value. 0.001.
    public static let srmAlpha = 0.001
    /// The power the "need about N more events" estimate plans for. 0.8.
    public static let power = 0.8
    /// The smallest lift the estimate plans for, relative to the control's WTR, when the
    /// observed difference is smaller. 5 %.
    public static let smallestRelativeLift = 0.05

    /// Builds the report of `tally`. `plan` names the experiment, its control (first variant)
    /// and weights; without it the experiment with most events is compared, variants by name,
    /// and SRM is not checked.
    public init(
        tally: OnlineTally, plan: ExperimentPlan?, source: Source, configuration: OnlineConfiguration,
        lines: Lines? = nil, generatedAt: Timestamp
    ) {
        let experimentEvents = Dictionary(grouping: tally.arms, by: \.key.experimentID).mapValues {
            $0.reduce(0) { $0 + $1.value.events }
        }
        let experiment =
            plan?.id ?? experimentEvents.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let names: [String] =
            plan?.variants.map(\.name)
            ?? tally.arms.keys.filter { $0.experimentID == experiment }.map(\.variant).sorted()
        let weights = Dictionary(uniqueKeysWithValues: (plan?.variants ?? []).map { ($0.name, $0.weight) })
        let experimentTotal = names.reduce(0) { total, name in
            total + (tally.arms[Arm(experimentID: experiment ?? "", variant: name)]?.events ?? 0)
        }

        func group(_ name: String, _ experiment: String?, _ counts: ArmTally, weight: Double?, share: Double?) -> Group {
            let interval = ABStatistics.wilson(counts.watchThrough)
            let arm = experiment.map { Arm(experimentID: $0, variant: name) }
            return Group(
                name: name, experiment: experiment, weight: weight,
                modelVersions: arm.map { (tally.modelVersions[$0] ?? []).sorted() } ?? [],
                events: counts.events, ok: counts.ok, conversions: counts.conversions, wtr: counts.watchThrough.rate,
                wtrLow: interval.lowerBound, wtrHigh: interval.upperBound, failureShare: counts.failureShare,
                trafficShare: share, latency: Self.latency(counts.latency))
        }

        let variantCounts = names.map { tally.arms[Arm(experimentID: experiment ?? "", variant: $0)] ?? ArmTally() }
        variants = zip(names, variantCounts).map { name, counts in
            group(
                name, experiment, counts, weight: weights[name],
                share: experimentTotal == 0 ? nil : Double(counts.events) / Double(experimentTotal))
        }
        otherVariants = tally.arms.keys.filter { $0.experimentID != experiment || !names.contains($0.variant) }.sorted()
            .map { group($0.variant, $0.experimentID, tally.arms[$0]!, weight: nil, share: nil) }
        overall = group("overall", nil, tally.overall, weight: nil, share: nil)
        unattributed = group("unattributed", nil, tally.unattributed, weight: nil, share: nil)

        comparisons = variantCounts.indices.dropFirst().map { index in
            Self.compare(names[0], variantCounts[0], names[index], variantCounts[index])
        }
        sampleRatio = Self.sampleRatio(
            names: names, counts: variantCounts.map(\.events), weights: plan == nil ? nil : names.map { weights[$0]! })
        verdict = Self.verdict(
            overall: tally.overall, names: names, counts: variantCounts, comparisons: comparisons, sampleRatio: sampleRatio,
            weights: plan == nil ? nil : names.map { weights[$0]! })

        series = tally.series.keys.sorted().map { key in
            let counts = tally.series[key]!
            let interval = ABStatistics.wilson(counts.watchThrough)
            let name =
                key.arm.map { $0.experimentID == experiment ? $0.variant : $0.description } ?? "unattributed"
            return SeriesPoint(
                group: name, bucketStart: Timestamp(seconds: key.bucketStart).description, events: counts.events,
                ok: counts.ok, conversions: counts.conversions, wtr: counts.watchThrough.rate,
                wtrLow: interval.lowerBound, wtrHigh: interval.upperBound)
        }
        schemaVersion = 1
        self.generatedAt = generatedAt.description
        self.source = source
        windowSeconds = configuration.windowNanoseconds / 1_000_000_000
        bucketSeconds = configuration.bucketSeconds
        self.experiment = experiment
        firstEvent = tally.firstEvent.map { Self.instant($0) }
        lastEvent = tally.lastEvent.map { Self.instant($0) }
        self.lines = lines
        duplicates = tally.duplicates
    }

    static func instant(_ nanoseconds: Int64) -> String {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1
        return Timestamp(seconds: seconds, nanoseconds: Int32(nanoseconds - seconds * 1_000_000_000)).description
    }

    private static func latency(_ histogram: LatencyHistogram) -> Latency {
        Latency(
            p50: histogram.percentile(0.5), p95: histogram.percentile(0.95), p99: histogram.percentile(0.99),
            histogram: histogram.counts.enumerated().filter { $0.element > 0 }.map {
                [LatencyHistogram.upperEdge(of: $0.offset), $0.element]
            })
    }

    private static func compare(_ control: String, _ a: ArmTally, _ treatment: String, _ b: ArmTally) -> Comparison {
        let difference = ABStatistics.difference(a.watchThrough, b.watchThrough)
        let z = ABStatistics.zTest(a.watchThrough, b.watchThrough)
        let sequential = ABStatistics.mixtureSPRT(a.watchThrough, b.watchThrough)
        return Comparison(
            control: control, treatment: treatment, difference: difference.estimate,
            differenceLow: difference.interval.lowerBound, differenceHigh: difference.interval.upperBound, z: z.z,
            pValueFixedHorizon: z.pValue, likelihoodRatio: sequential.likelihoodRatio,
            pValueAlwaysValid: sequential.pValue, significant: sequential.pValue < alpha)
    }

    private static func sampleRatio(names: [String], counts: [Int], weights: [Double]?) -> SampleRatio {
        guard let weights else {
            return SampleRatio(
                checked: false, flagged: false,
                note: "not checked: no experiment configuration given (pass --config with the serving experiment)")
        }
        guard weights.filter({ $0 > 0 }).count >= 2, counts.reduce(0, +) > 0 else {
            return SampleRatio(
                checked: false, flagged: false, note: "not checked: fewer than two weighted variants with events")
        }
        let test = ABStatistics.sampleRatioMismatch(counts: counts, weights: weights)
        let zeroWeightTraffic = zip(counts, weights).contains { $0 > 0 && $1 == 0 }
        let flagged = test.pValue < srmAlpha || zeroWeightTraffic
        let observed = counts.map(String.init).joined(separator: "/")
        let configured = weights.map { formatNumber($0) }.joined(separator: "/")
        return SampleRatio(
            checked: true, chiSquare: test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue,
            flagged: flagged,
            note: zeroWeightTraffic
                ? "a variant with weight 0 received events (\(observed) against weights \(configured))"
                : "events \(observed) against weights \(configured): chi-square \(formatNumber(test.chiSquare)), "
                    + "\(pClause(test.pValue))")
    }
}
