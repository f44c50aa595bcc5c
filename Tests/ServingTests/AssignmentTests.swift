import Foundation
import Testing

@testable import Serving

@Suite struct AssignmentTests {
    static func experiment(_ weights: [Double], salt: String = "s1") throws -> Experiment {
        try Experiment(
            id: "e1", salt: salt,
            variants: weights.enumerated().map {
                .init(name: "v\($0.offset)", model: .promoted(kind: "als"), weight: $0.element)
            })
    }

    static func counts(_ assignment: Assignment, users: Int = 10_000) -> [String: Int] {
        var counts: [String: Int] = [:]
        for user in 1...Int64(users) { counts[assignment.variant(for: user).name, default: 0] += 1 }
        return counts
    }

    @Test func seventyThirtyOverTenThousandUsersIsWithinBinomialNoise() throws {
        let counts = Self.counts(Assignment(try Self.experiment([70, 30])))
        // σ = √(10 000 · 0.7 · 0.3) ≈ 45.8; 4σ ≈ 183 (a false alarm about once in 16 000 salts).
        #expect(abs((counts["v0"] ?? 0) - 7_000) <= 183, "\(counts)")
        #expect((counts["v0"] ?? 0) + (counts["v1"] ?? 0) == 10_000)
    }

    @Test func aWeightOfZeroSendsNothing() throws {
        for weights in [[0.0, 1], [1, 0], [1, 0, 1], [0, 0, 5]] {
            let counts = Self.counts(Assignment(try Self.experiment(weights)), users: 5_000)
            for (position, weight) in weights.enumerated() where weight == 0 {
                #expect(counts["v\(position)"] == nil, "\(weights): \(counts)")
            }
        }
    }

    @Test func assignmentIsStickyAcrossInstancesAndPinnedAcrossBuilds() throws {
        let one = Assignment(try Self.experiment([50, 50]))
        let other = Assignment(try Self.experiment([50, 50]))
        for user in Int64(1)...2_000 { #expect(one.variant(for: user) == other.variant(for: user)) }
        // Golden values, computed independently in Python from the definition in Assignment's
        // documentation: the hash is a contract (replicas, restarts, later analysis).
        let points = (1...4).map { Assignment.point(salt: "2026-11", userID: Int64($0)) }
        #expect(points == [0.5423991285689176, 0.3412845967812863, 0.42108305936814183, 0.491012815121305])
    }

    @Test func aNewSaltReshufflesAboutHalfOfTheUsers() throws {
        let before = Assignment(try Self.experiment([50, 50], salt: "a"))
        let after = Assignment(try Self.experiment([50, 50], salt: "b"))
        let moved = (Int64(1)...10_000).filter { before.variant(for: $0).name != after.variant(for: $0).name }.count
        #expect((4_800...5_200).contains(moved), "\(moved)")
    }

    @Test func changingWeightsMovesOnlyTheUsersAtTheBoundary() throws {
        let before = Assignment(try Self.experiment([50, 50]))
        let after = Assignment(try Self.experiment([60, 40]))
        for user in Int64(1)...5_000 where before.variant(for: user).name == "v0" {
            #expect(after.variant(for: user).name == "v0")
        }
    }
}
