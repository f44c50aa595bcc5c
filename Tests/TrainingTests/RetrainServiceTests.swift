import Foundation
import MarqueeTesting
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing
import Training

/// `retrain --every`: cycles repeat, a blocked one does not stop the service, and graceful
/// shutdown ends the wait between cycles at once.
@Suite struct RetrainServiceTests {
    @Test(.timeLimit(.minutes(3))) func blockedCyclesRepeatAndShutdownEndsTheWait() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            try await TrainingFixtures.insert(TrainingFixtures.rows(), into: store)
            try await TrainingFixtures.insert([(7, "Not A Movie Id!", 12, nil, 1_700_000_500)], into: store)
            var policy = RetrainPolicy()
            policy.maxRejectRate = 0
            let results = Results()
            try await testGracefulShutdown { trigger in
                let fast = RetrainService(
                    cycle: try RetrainFixtures.cycle(store, policy), every: .milliseconds(100),
                    finished: { results.append($0) })
                let running = Task { try await fast.run() }
                for _ in 0..<200 where results.count < 3 { try await Task.sleep(for: .milliseconds(50)) }
                trigger.triggerGracefulShutdown()
                try await running.value
                #expect(results.gateClosed >= 3, "a cycle stopped by the gate does not end the service")
                #expect(
                    results.count - results.gateClosed <= 1,
                    "besides those, at most the cycle the shutdown interrupted (abandoned)")
            }
            // Between two cycles an hour apart, shutdown returns at once.
            let first = Results()
            try await testGracefulShutdown { trigger in
                let slow = RetrainService(
                    cycle: try RetrainFixtures.cycle(store, policy), every: .seconds(3600),
                    finished: { first.append($0) })
                let waiting = Task { try await slow.run() }
                for _ in 0..<200 where first.count < 1 { try await Task.sleep(for: .milliseconds(50)) }
                let asked = ContinuousClock.now
                trigger.triggerGracefulShutdown()
                try await waiting.value
                #expect(ContinuousClock.now - asked < .seconds(5))
                #expect(first.count == 1)
            }
            #expect(try await store.models().isEmpty)
        }
    }
}

/// The outcomes a service reported.
final class Results: Sendable {
    private let value = Mutex<[Result<RetrainOutcome, any Error>]>([])

    func append(_ result: Result<RetrainOutcome, any Error>) { value.withLock { $0.append(result) } }

    var count: Int { value.withLock { $0.count } }

    var gateClosed: Int {
        value.withLock { results in
            results.filter {
                if case .failure(let error as RetrainError) = $0 { error.code == .gateClosed } else { false }
            }.count
        }
    }
}
