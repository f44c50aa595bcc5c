import Logging
import Store
import Testing

@testable import Serving

/// The freshness cache's bookkeeping: who waits for a read, what a read leaves, what a sweep drops.
@Suite struct FreshInteractionsTests {
    static func fresh(_ change: (inout FreshInteractions.Configuration) -> Void = { _ in }) -> FreshInteractions {
        var configuration = FreshInteractions.Configuration()
        configuration.timeToLive = .seconds(10)
        change(&configuration)
        return FreshInteractions(configuration: configuration, logger: Logger(label: "test"))
    }

    static func row(_ user: Int64, _ movie: String) -> InteractionRow {
        InteractionRow(userID: user, movieID: movie, minutesWatched: 3, rating: nil, at: 1)
    }

    @Test func aMissingUserWaitsForOneReadAndIsThenAnsweredFromIt() {
        let fresh = Self.fresh()
        #expect(fresh.lookup(5) == nil)
        #expect(fresh.lookup(5) == nil)
        #expect(fresh.takeWaiting() == [5])
        #expect(fresh.takeWaiting().isEmpty)
        fresh.keep([Self.row(5, "b+2000"), Self.row(5, "a+1999"), Self.row(7, "c")], for: [5, 6])
        #expect(fresh.lookup(5)?.interactions.map(\.movieID) == ["a+1999", "b+2000"])
        #expect(fresh.lookup(6)?.interactions.isEmpty == true)  // read, and nothing since training
        #expect(fresh.lookup(7) == nil)  // rows for a user nobody asked about are not kept
        #expect(fresh.takeWaiting() == [7])
    }

    @Test func aStaleEntryStillAnswersAndAsksForAnotherRead() {
        let fresh = Self.fresh()
        fresh.keep([Self.row(9, "a")], for: [9], now: .now - .seconds(11))
        #expect(fresh.lookup(9)?.interactions.count == 1)
        #expect(fresh.takeWaiting() == [9])
    }

    @Test func oneReadTakesAtMostTheBatchLimitAndEveryWaitingUserOnce() {
        let fresh = Self.fresh { $0.batchLimit = 100 }
        for user in Int64(1)...999 { _ = fresh.lookup(user) }
        var taken: [Int64] = []
        while true {
            let batch = fresh.takeWaiting()
            if batch.isEmpty { break }
            #expect(batch.count <= 100)
            taken += batch
        }
        #expect(taken.sorted() == Array(1...999))
    }

    @Test func aSweepDropsEntriesUnaskedForThreeLifetimesAndKeepsTheNewestPastCapacity() {
        let now = ContinuousClock.now
        let fresh = Self.fresh()
        fresh.keep([], for: Array(1...100), now: now - .seconds(31))
        fresh.keep([], for: Array(101...200), now: now - .seconds(29))
        fresh.sweep(now: now)
        #expect(fresh.entryCount == 100)
        #expect(fresh.lookup(1) == nil)
        #expect(fresh.lookup(101) != nil)

        let small = Self.fresh { $0.capacity = 64 * 10 }
        for user in Int64(1)...2000 { small.keep([], for: [user], now: now - .milliseconds(Int(2001 - user))) }
        small.sweep(now: now)
        #expect(small.entryCount <= 640)
        #expect(small.lookup(2000) != nil)  // the newest read stays
        #expect(small.lookup(1) == nil)
    }
}
