import Logging
import ServiceLifecycle

/// `marquee retrain --every DURATION`: a ``RetrainCycle`` at a fixed rate until graceful
/// shutdown.
///
/// The first cycle starts at once; each next one starts `interval` after the previous one
/// started (at once when a cycle ran longer). A cycle that fails, or is stopped by the gate, is
/// reported through `finished` and logged, and the service waits for the next one: a closed
/// gate is a verdict on today's data, not a reason to stop retraining.
///
/// On graceful shutdown (SIGTERM) the wait ends at once; a cycle in progress is cancelled and
/// stops at its next step boundary (``RetrainError`` `abandoned`): it promotes nothing unless
/// it was already deciding, and each decision is one transaction (promotion and manifest
/// together), so nothing is left half done. Then `run()` returns.
public struct RetrainService<C: Clock>: Service where C.Duration == Duration {
    public let cycle: RetrainCycle
    /// Time between the starts of two cycles.
    public let interval: Duration
    public let clock: C
    private let progress: @Sendable (RetrainEvent) -> Void
    private let finished: @Sendable (Result<RetrainOutcome, any Error>) -> Void

    /// - Parameters:
    ///   - progress: hears every step of every cycle.
    ///   - finished: hears each cycle's outcome or error.
    public init(
        cycle: RetrainCycle, every interval: Duration, clock: C,
        progress: @escaping @Sendable (RetrainEvent) -> Void = { _ in },
        finished: @escaping @Sendable (Result<RetrainOutcome, any Error>) -> Void = { _ in }
    ) {
        self.cycle = cycle
        self.interval = interval
        self.clock = clock
        self.progress = progress
        self.finished = finished
    }

    public func run() async throws {
        let logger = cycle.logger
        var cycles = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = clock.now
            cycles += 1
            let result: Result<RetrainOutcome, any Error>
            do {
                let cycle = self.cycle
                let progress = self.progress
                result = .success(try await cancelWhenGracefulShutdown { try await cycle.run(progress: progress) })
            } catch {
                result = .failure(error)
            }
            finished(result)
            if case .failure(let error) = result {
                let stopping = Task.isShuttingDownGracefully || Task.isCancelled
                logger.info(
                    stopping
                        ? "retrain cycle abandoned for shutdown"
                        : "retrain cycle did not complete; waiting for the next",
                    metadata: ["retrain.error": "\(error)", "retrain.cycles": "\(cycles)"])
            }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            let next = started.advanced(by: interval)
            do {
                let clock = self.clock
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: next, tolerance: nil) }
            } catch {
                break
            }
        }
        logger.info("retrain service stopped", metadata: ["retrain.cycles": "\(cycles)"])
    }
}

extension RetrainService where C == ContinuousClock {
    /// A service on the continuous clock.
    public init(
        cycle: RetrainCycle, every interval: Duration,
        progress: @escaping @Sendable (RetrainEvent) -> Void = { _ in },
        finished: @escaping @Sendable (Result<RetrainOutcome, any Error>) -> Void = { _ in }
    ) {
        self.init(cycle: cycle, every: interval, clock: ContinuousClock(), progress: progress, finished: finished)
    }
}

/// Durations as `--every` takes them: a whole number with a unit, `s`, `m`, `h` or `d`, or
/// several in a row (`90s`, `30m`, `6h`, `1h30m`, `1d`).
public enum RetrainInterval {
    /// Parses `text`.
    ///
    /// - Throws: ``RetrainError`` (`configuration`) with the accepted forms.
    public static func parse(_ text: String) throws(RetrainError) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var seconds: Int64 = 0
        var number = ""
        var parts = 0
        for character in text.lowercased() {
            if character.isASCII, character.isNumber {
                number.append(character)
            } else if let unit = units[character], let value = Int64(number), value <= 1_000_000 {
                seconds += value * unit
                number = ""
                parts += 1
            } else {
                parts = 0
                break
            }
        }
        guard parts > 0, number.isEmpty, seconds > 0 else {
            throw RetrainError(
                .configuration,
                "'\(text)' is not a duration: a positive whole number and a unit, s, m, h or d, e.g. 90s, 30m, 6h, "
                    + "1h30m")
        }
        return .seconds(seconds)
    }
}
