/// User ids to dense slots 0, 1, 2, … in order of first sight. The batch join looks one up for
/// every line, so the lookup is made for the common case: ids below 2^24 index a table
/// directly (4 bytes per id up to the largest seen, so a few hundred thousand users stay in
/// cache), and larger ids go to an open-addressing table that keeps each id beside its slot.
/// `Dictionary`'s seeded hashing cost more than the rest of a minute line's work.
struct UserSlots: Sendable {
    private struct Entry {
        var userID: Int64
        /// Slot + 1 (0: empty).
        var slot: Int32
    }

    private static let directLimit: Int64 = 1 << 24
    /// Slot + 1 by user id, for ids below ``directLimit`` (0: not seen).
    private var direct: [Int32] = []
    private var entries = [Entry](repeating: Entry(userID: 0, slot: 0), count: 64)
    private var hashed = 0
    /// The user id of each slot.
    private(set) var ids: [Int64] = []
    /// Distinct users so far.
    var count: Int { ids.count }

    /// The slot of `userID`, assigned on first sight.
    mutating func slot(of userID: Int64) -> Int32 {
        if userID >= 0, userID < Self.directLimit {
            let index = Int(userID)
            if index < direct.count, direct[index] != 0 { return direct[index] - 1 }
            if index >= direct.count {
                let size = max(1024, (index + 1).nextPowerOfTwo)
                direct.append(contentsOf: repeatElement(0, count: size - direct.count))
            }
            ids.append(userID)
            direct[index] = Int32(ids.count)
            return Int32(ids.count - 1)
        }
        return hashedSlot(of: userID)
    }

    private mutating func hashedSlot(of userID: Int64) -> Int32 {
        let mask = entries.count - 1
        var index = Self.position(userID, mask)
        while entries[index].slot != 0 {
            if entries[index].userID == userID { return entries[index].slot - 1 }
            index = (index + 1) & mask
        }
        ids.append(userID)
        entries[index] = Entry(userID: userID, slot: Int32(ids.count))
        hashed += 1
        if hashed * 2 > entries.count { grow() }
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

extension Int {
    /// The smallest power of two at least `self` (self > 0).
    fileprivate var nextPowerOfTwo: Int { 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
