/// User ids to dense slots 0, 1, 2, … in order of first sight (open addressing with a
/// multiplicative hash: the batch join looks one up for every line, and `Dictionary`'s seeded
/// hashing cost more than the rest of a minute line's work). Each entry keeps the id beside
/// its slot, so a lookup touches one cache line.
struct UserSlots: Sendable {
    private struct Entry {
        var userID: Int64
        /// Slot + 1 (0: empty).
        var slot: Int32
    }

    private var entries = [Entry](repeating: Entry(userID: 0, slot: 0), count: 1024)
    /// The user id of each slot.
    private(set) var ids: [Int64] = []
    /// Distinct users so far.
    var count: Int { ids.count }

    /// The slot of `userID`, assigned on first sight.
    mutating func slot(of userID: Int64) -> Int32 {
        let mask = entries.count - 1
        var index = Self.position(userID, mask)
        while entries[index].slot != 0 {
            if entries[index].userID == userID { return entries[index].slot - 1 }
            index = (index + 1) & mask
        }
        ids.append(userID)
        entries[index] = Entry(userID: userID, slot: Int32(ids.count))
        if ids.count * 2 > entries.count { grow() }
        return Int32(ids.count - 1)
    }

    private static func position(_ userID: Int64, _ mask: Int) -> Int {
        let mixed = UInt64(bitPattern: userID) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    private mutating func grow() {
        let size = entries.count * 2
        var grown = [Entry](repeating: Entry(userID: 0, slot: 0), count: size)
        for entry in entries where entry.slot != 0 {
            var index = Self.position(entry.userID, size - 1)
            while grown[index].slot != 0 { index = (index + 1) & (size - 1) }
            grown[index] = entry
        }
        entries = grown
    }
}
