import MovieLog

/// Gives each distinct movie id a small number, so the join compares integers. Ids are looked
/// up by their bytes (open addressing, FNV-1a), so splitting a result list makes no strings.
struct MovieNumbers: Sendable {
    /// Slot → movie number + 1 (0: empty).
    private var slots = [Int32](repeating: 0, count: 1024)
    private var hashes = [UInt64](repeating: 0, count: 1024)
    /// The ids' bytes back to back, and where each starts and ends.
    private var bytes: [UInt8] = []
    private var spans: [Range<Int>] = []

    /// The number of `id`, assigned on first sight.
    mutating func number(of id: MovieID) -> Int32 {
        var slug = id.rawValue
        return slug.withUTF8 { number(of: UnsafeRawBufferPointer($0)) }
    }

    /// Appends the numbers of `list`'s ids, in order, to `output`.
    mutating func appendNumbers(of list: MovieIDList, to output: inout [Int32]) {
        var joined = list.joined
        joined.withUTF8 { utf8 in
            let all = UnsafeRawBufferPointer(utf8)
            var start = 0
            for index in 0...all.count where index == all.count || all[index] == UInt8(ascii: ",") {
                if index > start { output.append(number(of: UnsafeRawBufferPointer(rebasing: all[start..<index]))) }
                start = index + 1
            }
        }
    }

    private mutating func number(of slug: UnsafeRawBufferPointer) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in slug { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[index] != 0 {
            let number = Int(slots[index] - 1)
            if hashes[index] == hash, matches(number, slug) { return Int32(number) }
            index = (index + 1) & mask
        }
        let number = Int32(spans.count)
        slots[index] = number + 1
        hashes[index] = hash
        spans.append(bytes.count..<(bytes.count + slug.count))
        bytes.append(contentsOf: slug)
        if spans.count * 2 > slots.count { grow() }
        return number
    }

    private func matches(_ number: Int, _ slug: UnsafeRawBufferPointer) -> Bool {
        let span = spans[number]
        guard span.count == slug.count else { return false }
        return bytes.withUnsafeBytes { stored in
            UnsafeRawBufferPointer(rebasing: stored[span]).elementsEqual(slug)
        }
    }

    private mutating func grow() {
        let count = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: count)
        var newHashes = [UInt64](repeating: 0, count: count)
        for (slot, hash) in zip(slots, hashes) where slot != 0 {
            var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (count - 1)
            while newSlots[index] != 0 { index = (index + 1) & (count - 1) }
            newSlots[index] = slot
            newHashes[index] = hash
        }
        slots = newSlots
        hashes = newHashes
    }
}
