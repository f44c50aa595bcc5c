import Testing

@testable import Evaluation

/// User ids become dense slots in order of first sight, whether they index the direct table
/// (below 2^24) or go to the hashed one (MOVIELOG allows ten digits).
@Suite struct UserSlotsTests {
    @Test func slotsAreDenseStableAndInOrderOfFirstSight() {
        var state: UInt64 = 42
        func next() -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            switch state >> 62 {
            case 0: return Int64(state >> 40) % 5000 + 1  // small ids, direct table
            case 1: return (1 << 24) - 1 - Int64(state >> 50)  // just below the direct limit
            default: return 1 << 24 + Int64(state >> 30) % 9_999_000_000  // ten-digit ids, hashed
            }
        }
        var slots = UserSlots()
        var expected: [Int64: Int32] = [:]
        var order: [Int64] = []
        for _ in 0..<50_000 {
            let user = next()
            let slot = slots.slot(of: user)
            if let known = expected[user] {
                #expect(slot == known, "user \(user) moved from slot \(known) to \(slot)")
            } else {
                #expect(slot == Int32(order.count), "a new user takes the next slot")
                expected[user] = slot
                order.append(user)
            }
        }
        #expect(slots.ids == order)
        #expect(slots.count == order.count)
        #expect(order.contains { $0 >= 1 << 24 } && order.contains { $0 < 5001 })
    }
}
