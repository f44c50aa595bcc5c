import Testing

@testable import Recommenders

@Suite struct UserRowsTests {
    /// What a dictionary of first rows would answer for `probes`.
    private func expectSameAsDictionary(_ ids: [Int64], probes: [Int64], table: Bool) {
        let rows = UserRows(ids)
        #expect(rows.isTable == table)
        let reference = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for id in probes + ids {
            #expect(rows[id] == reference[id], "id \(id)")
        }
    }

    @Test func denseIDsUseTheTableAndAnswerLikeADictionary() {
        // MovieLens-like: 1…N in a shuffled order, with gaps (users without interactions).
        var generator = SystemRandomNumberGenerator()
        let ids = (1...5000).filter { $0 % 7 != 0 }.map(Int64.init).shuffled(using: &generator)
        expectSameAsDictionary(ids, probes: [0, 7, 14, 5000, 5001, -1, .min, .max], table: true)
    }

    @Test func spreadOutIDsFallBackToTheDictionary() {
        let ids: [Int64] = [5, 1_000_000_007, -42, 9_000_000_000_000, 77]
        expectSameAsDictionary(ids, probes: [6, 0, -41, 1_000_000_006, .min, .max], table: false)
        // A span that overflows Int64 must not trap.
        expectSameAsDictionary([.min, .max, 0], probes: [1, -1], table: false)
    }

    @Test func repeatedIDsKeepTheirFirstRowAndNothingIsFoundInAnEmptyIndex() {
        expectSameAsDictionary([10, 11, 10, 12, 11], probes: [9, 13], table: true)
        let empty = UserRows([])
        #expect(empty[0] == nil)
        #expect(empty[1] == nil)
    }

    @Test func negativeAndSmallIDsUseTheTable() {
        expectSameAsDictionary([-3, -1, 0, 2], probes: [-4, -2, 1, 3], table: true)
    }
}
