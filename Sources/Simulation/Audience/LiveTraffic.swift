import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// The audience calling a live service: requests `GET /recommend/<uid>` at a steady rate,
/// writes the client's recommendation line for every call (status and latency as the client
/// saw them; status 0 when no answer came within the timeout), and the reaction of the user to
/// the list (``Audience/react(user:listed:at:serial:)``).
///
/// Clock: each call is stamped with the wall clock when its answer (or timeout) arrives, so
/// the service's served log joins it; the hour of watching that follows is simulated at once
/// and stamped at its simulated times, ahead of the wall clock (the parser accepts up to a day
/// ahead). An evaluation can therefore run right after the traffic stops.
public struct LiveTraffic: Sendable {
    /// How much traffic, how fast, against which service.
    public struct Configuration: Sendable, Hashable {
        /// The service's base URL, e.g. `http://127.0.0.1:8080`.
        public var serviceURL: String
        /// Calls to make. Default 3000.
        public var requests: Int
        /// Calls started per second. Default 150.
        public var rate: Double
        /// Most calls in flight at once. Default 32.
        public var concurrency: Int
        /// How long a client waits for an answer before logging status 0. Default 600 ms.
        public var timeout: Duration
        /// The first call's serial (so later runs with the same seed draw new users). Default 0.
        public var firstSerial: UInt64

        public init(
            serviceURL: String, requests: Int = 3000, rate: Double = 150, concurrency: Int = 32,
            timeout: Duration = .milliseconds(600), firstSerial: UInt64 = 0
        ) {
            self.serviceURL = serviceURL
            self.requests = requests
            self.rate = rate
            self.concurrency = concurrency
            self.timeout = timeout
            self.firstSerial = firstSerial
        }
    }

    /// What one variant's answers did, as the world knows it.
    public struct VariantTruth: Sendable, Hashable {
        /// Status-200 answers labelled with the variant (`X-Marquee-Variant`).
        public var answers = 0
        /// Answers after which the user watched a listed movie.
        public var watched = 0
        /// The sum over answers of the chance that the list makes its user watch
        /// (``Audience/conversionChance(user:listed:)``): the expected `watched`, without the
        /// luck of the draws.
        public var expectedWatches = 0.0

        /// The share of answers a user would watch after, on average.
        public var trueRate: Double { answers == 0 ? 0 : expectedWatches / Double(answers) }
    }

    /// What the traffic did.
    public struct Summary: Sendable, Hashable {
        public var requests = 0
        /// Calls by the status the client logged (0: timed out or no connection).
        public var statuses: [Int: Int] = [:]
        /// Status-200 answers after which the user watched a listed movie.
        public var watched = 0
        public var counts = Audience.LineCounts()
        /// Sum of the client-side latencies, in microseconds.
        public var latencyMicrosecondsTotal = 0
        /// The world's truth per served variant.
        public var variants: [String: VariantTruth] = [:]

        public init() {}

        /// Mean client latency in milliseconds.
        public var meanLatencyMilliseconds: Double {
            requests == 0 ? 0 : Double(latencyMicrosecondsTotal) / Double(requests) / 1000
        }
    }

    public var configuration: Configuration
    public var audience: Audience

    public init(audience: Audience, configuration: Configuration) {
        self.audience = audience
        self.configuration = configuration
    }

    /// Runs the traffic to the end, writing every line to `sink`; `progress` hears the summary
    /// so far about once a second.
    public func run(
        into sink: some LineSink, logger: Logger, progress: @escaping @Sendable (Summary) -> Void = { _ in }
    ) async throws -> Summary {
        guard let base = URL(string: configuration.serviceURL), let host = base.host else {
            throw SimulationError("--service \(configuration.serviceURL) is not a URL like http://127.0.0.1:8080")
        }
        let server = base.port.map { "\(host):\($0)" } ?? host
        var http = HTTPClient.Configuration()
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.concurrency
        http.timeout = .init(connect: .milliseconds(600), read: .milliseconds(600))
        return try await HTTPClient.withHTTPClient(configuration: http, backgroundActivityLogger: logger) { client in
            var summary = Summary()
            let clock = ContinuousClock()
            let start = clock.now
            var lastProgress = start
            try await withThrowingTaskGroup(of: Call.self) { group in
                var inFlight = 0
                for index in 0..<configuration.requests {
                    let due = start + .seconds(Double(index) / configuration.rate)
                    if due > clock.now { try await clock.sleep(until: due) }
                    while inFlight >= configuration.concurrency, let call = try await group.next() {
                        try record(call, into: &summary, sink: sink)
                        inFlight -= 1
                    }
                    let serial = configuration.firstSerial + UInt64(index)
                    group.addTask { await call(serial: serial, client: client, base: base, server: server) }
                    inFlight += 1
                    if clock.now - lastProgress >= .seconds(1) {
                        lastProgress = clock.now
                        progress(summary)
                    }
                }
                while let call = try await group.next() { try record(call, into: &summary, sink: sink) }
            }
            try sink.flush()
            progress(summary)
            return summary
        }
    }

    /// One finished call: the client's line and the user's reaction.
    private struct Call: Sendable {
        var status: Int
        var latencyMicroseconds: Int
        var line: [UInt8]
        var reaction: Audience.Reaction?
        var variant: String?
        var chance = 0.0
    }

    private func record(_ call: Call, into summary: inout Summary, sink: some LineSink) throws {
        try sink.write(call.line)
        summary.requests += 1
        summary.statuses[call.status, default: 0] += 1
        summary.latencyMicrosecondsTotal += call.latencyMicroseconds
        summary.counts.recommendationLines += 1
        summary.counts.lines += 1
        guard let reaction = call.reaction else { return }
        for line in reaction.lines { try sink.write(line) }
        summary.counts.add(reaction.counts)
        if reaction.watched != nil { summary.watched += 1 }
        let variant = call.variant ?? "(none)"
        summary.variants[variant, default: VariantTruth()].answers += 1
        summary.variants[variant, default: VariantTruth()].expectedWatches += call.chance
        if reaction.watched != nil { summary.variants[variant, default: VariantTruth()].watched += 1 }
    }

    private func call(serial: UInt64, client: HTTPClient, base: URL, server: String) async -> Call {
        let user = audience.requestUser(serial: serial)
        let userID = audience.userID(index: user)
        let request = HTTPClientRequest(url: base.appendingPathComponent("recommend/\(userID)").absoluteString)
        let clock = ContinuousClock()
        let started = clock.now
        var status = 0
        var result = Audience.timeoutText(connectionRefused: false)
        var variant: String?
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(
                Int64(configuration.timeout.components.seconds) * 1_000_000_000
                    + configuration.timeout.components.attoseconds / 1_000_000_000))
            let body = try await response.body.collect(upTo: 1 << 16)
            status = Int(response.status.code)
            variant = response.headers.first(name: "X-Marquee-Variant")
            let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
            result = status == 200 ? text.split(separator: ",").joined(separator: ", ") : "HTTP \(status) \(text.prefix(80))"
        } catch let error as HTTPClientError where error == .connectTimeout || error == .deadlineExceeded
            || error == .readTimeout
        {
            status = 0
        } catch {
            status = 0
            result = Audience.timeoutText(connectionRefused: true)
        }
        let elapsed = clock.now - started
        let micros = Int(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
        let latency = micros / 1000  // the client logs whole milliseconds
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000) * 1000
        let line = Audience.recommendationLine(
            at: now, userID: userID, server: server, status: status, result: result, latencyMilliseconds: latency)
        guard status == 200 else { return Call(status: status, latencyMicroseconds: micros, line: line) }
        let listed = result.isEmpty ? [] : result.components(separatedBy: ", ")
        let reaction = audience.react(user: user, listed: listed, at: now, serial: serial)
        return Call(
            status: status, latencyMicroseconds: micros, line: line, reaction: reaction, variant: variant,
            chance: audience.conversionChance(user: user, listed: listed))
    }
}
