import Prometheus
import Synchronization

/// The server's Prometheus metrics (`GET /metrics`). Each server owns its registry, so two
/// servers in one process (as in tests) count separately.
public final class ServingMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let latencyHistograms = Mutex<[String: DurationHistogram]>([:])
    private let fallbackCounters = Mutex<[RequestKey: Counter]>([:])
    private let basisCounters = Mutex<[RequestKey: Counter]>([:])
    private let reloadCounters = Mutex<[RequestKey: Counter]>([:])
    /// Records waiting in memory and in the spool.
    let servedBacklog: Gauge
    let servedWritten: Counter
    let servedSpooled: Counter
    /// Records lost because memory and spool were both full (reported, never silent).
    let servedDropped: Counter
    let servedWriteFailures: Counter
    let idleConnectionsClosed: Counter

    private struct RequestKey: Hashable {
        var first: String
        var second: String
    }

    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(600), .seconds(1),
    ]

    public init() {
        servedBacklog = registry.makeGauge(
            descriptor: Self.named(
                "marquee_served_log_backlog", help: "Served records not yet in Postgres (memory and spool)"))
        servedWritten = registry.makeCounter(
            descriptor: Self.named("marquee_served_log_written_total", help: "Served records written to Postgres"))
        servedSpooled = registry.makeCounter(
            descriptor: Self.named(
                "marquee_served_log_spooled_total", help: "Served records written to the local spool"))
        servedDropped = registry.makeCounter(
            descriptor: Self.named(
                "marquee_served_log_dropped_total", help: "Served records lost: memory buffer and spool full"))
        servedWriteFailures = registry.makeCounter(
            descriptor: Self.named(
                "marquee_served_log_write_failures_total", help: "Failed writes of served batches to Postgres"))
        idleConnectionsClosed = registry.makeCounter(
            descriptor: Self.named(
                "marquee_idle_connections_closed_total",
                help: "Connections closed after --idle-seconds with nothing read or written"))
    }

    /// The metrics of one variant's `/recommend` answers, resolved once per state so the
    /// request path touches no dictionary.
    final class VariantCounters: Sendable {
        let answered: Counter
        let latency: DurationHistogram
        let bases: [Recommendation.Basis: Counter]
        let deadlineFallbacks: Counter

        init(_ metrics: ServingMetrics, variant: String) {
            answered = metrics.requestCounter(variant: variant, status: 200)
            latency = metrics.histogram(variant: variant)
            bases = Dictionary(
                uniqueKeysWithValues: [Recommendation.Basis.model, .foldIn, .coldStart].map {
                    ($0, metrics.basisCounter(variant: variant, basis: $0.rawValue))
                })
            deadlineFallbacks = metrics.fallbackCounter(variant: variant, reason: "deadline")
        }

        func count(_ answer: Recommendation, duration: Duration) {
            answered.increment()
            latency.record(duration)
            bases[answer.basis]?.increment()
            if answer.fallback != nil { deadlineFallbacks.increment() }
        }
    }

    private let variantCounters = Mutex<[String: VariantCounters]>([:])

    /// The counters of `variant` (made on first use, then shared).
    func counters(variant: String) -> VariantCounters {
        if let counters = variantCounters.withLock({ $0[variant] }) { return counters }
        let counters = VariantCounters(self, variant: variant)
        return variantCounters.withLock { known in
            if let existing = known[variant] { return existing }
            known[variant] = counters
            return counters
        }
    }

    /// Counts an answer outside `/recommend`'s 200s (any route, any status; variant "" when none).
    func countRequest(variant: String, status: Int, duration: Duration) {
        requestCounter(variant: variant, status: status).increment()
        histogram(variant: variant).record(duration)
    }

    func requestCounter(variant: String, status: Int) -> Counter {
        let key = RequestKey(first: variant, second: String(status))
        return counter(requestCounters, key) {
            registry.makeCounter(
                descriptor: Self.named(
                    "marquee_requests_total", help: "HTTP answers by variant (empty outside /recommend) and status"),
                labels: [("variant", variant), ("status", key.second)])
        }
    }

    func histogram(variant: String) -> DurationHistogram {
        latencyHistograms.withLock { histograms in
            if let histogram = histograms[variant] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: Self.named("marquee_request_duration_seconds", help: "Time from request to answer"),
                labels: [("variant", variant)],
                buckets: Self.latencyBuckets)
            histograms[variant] = histogram
            return histogram
        }
    }

    /// How `/recommend` lists were made (`model`, `fold_in`, `cold_start`).
    func basisCounter(variant: String, basis: String) -> Counter {
        counter(basisCounters, RequestKey(first: variant, second: basis)) {
            registry.makeCounter(
                descriptor: Self.named(
                    "marquee_recommendations_total", help: "Recommendation lists by variant and how they were made"),
                labels: [("variant", variant), ("basis", basis)])
        }
    }

    /// Popularity lists served in place of the variant's answer.
    func fallbackCounter(variant: String, reason: String) -> Counter {
        counter(fallbackCounters, RequestKey(first: variant, second: reason)) {
            registry.makeCounter(
                descriptor: Self.named(
                    "marquee_fallbacks_total",
                    help: "Popularity lists served because the variant could not answer in the budget"),
                labels: [("variant", variant), ("reason", reason)])
        }
    }

    /// Counts a reload of `what` (`models`, `experiment`) with its `outcome` (`applied`, `unchanged`, `refused`).
    func countReload(_ what: String, outcome: String) {
        counter(reloadCounters, RequestKey(first: what, second: outcome)) {
            registry.makeCounter(
                descriptor: Self.named("marquee_reloads_total", help: "Model and experiment reloads by outcome"),
                labels: [("what", what), ("outcome", outcome)])
        }.increment()
    }

    private func counter(_ box: borrowing Mutex<[RequestKey: Counter]>, _ key: RequestKey, make: () -> Counter)
        -> Counter
    {
        box.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = make()
            counters[key] = counter
            return counter
        }
    }

    /// A metric's name (whole, as it is exposed) and help text.
    private static func named(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The text exposition format.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
