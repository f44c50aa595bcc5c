import MovieLog

/// Tells a recommendation event seen before (equal in instant, user, server, status, result
/// and latency: a message delivered twice) from a new one. The batch join asks once per
/// recommendation line; a `Set<RecommendationEvent>` spent more time in seeded string hashing
/// and in rehashing its large elements than the join spent on everything else.
///
/// Open addressing over a 64-bit hash of the event and the index of the first event with it;
/// a hash match is confirmed by comparing the events themselves, so a collision never merges
/// two different events.
struct DuplicateFilter: Sendable {
    private var hashes = [UInt64](repeating: 0, count: 1 << 12)
    /// Event index + 1 per table position (0: empty).
    private var indices = [Int32](repeating: 0, count: 1 << 12)
    private var count = 0

    /// Whether an event equal to `event` was remembered before (`stored(index)` gives a
    /// remembered event back); if not, remembers `event` as `index`.
    mutating func isDuplicate(
        _ event: RecommendationEvent, index: Int32, stored: (Int32) -> RecommendationEvent
    ) -> Bool {
        let hash = Self.hash(event)
        let mask = indices.count - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while indices[position] != 0 {
            if hashes[position] == hash, stored(indices[position] - 1) == event { return true }
            position = (position + 1) & mask
        }
        indices[position] = index + 1
        hashes[position] = hash
        count += 1
        if count * 2 > indices.count { grow() }
        return false
    }

    private mutating func grow() {
        let size = indices.count * 2
        var newHashes = [UInt64](repeating: 0, count: size)
        var newIndices = [Int32](repeating: 0, count: size)
        for (hash, index) in zip(hashes, indices) where index != 0 {
            var position = Int(truncatingIfNeeded: hash) & (size - 1)
            while newIndices[position] != 0 { position = (position + 1) & (size - 1) }
            newHashes[position] = hash
            newIndices[position] = index
        }
        hashes = newHashes
        indices = newIndices
    }

    static func hash(_ event: RecommendationEvent) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        hash = mix(hash, UInt64(bitPattern: event.time.seconds))
        hash = mix(hash, UInt64(UInt32(bitPattern: event.time.nanoseconds)) << 32 | UInt64(UInt16(bitPattern: event.status)))
        hash = mix(hash, UInt64(bitPattern: event.userID))
        hash = mix(hash, UInt64(UInt32(bitPattern: event.latencyMilliseconds)))
        hash = mix(hash, bytes: event.server)
        switch event.result {
        case .items(let list): hash = mix(hash ^ 1, bytes: list.joined)
        case .error(let text): hash = mix(hash ^ 2, bytes: text)
        }
        return hash ^ (hash >> 29)
    }

    private static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        let mixed = (hash ^ value) &* 0xFF51_AFD7_ED55_8CCD
        return mixed ^ (mixed >> 32)
    }

    /// Mixes `text`'s UTF-8 bytes in, eight at a time.
    private static func mix(_ hash: UInt64, bytes text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var hash = mix(hash, UInt64(bytes.count))
            var offset = 0
            while offset + 8 <= bytes.count {
                hash = mix(hash, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0
            while offset < bytes.count {
                tail = tail << 8 | UInt64(bytes[offset])
                offset += 1
            }
            return mix(hash, tail)
        }
    }
}
