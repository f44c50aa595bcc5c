#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns checked slug bytes into ``MovieID`` values. Two kinds: a fresh string per id, or
/// ``MovieIDTable``, which hands out one shared string per distinct id.
protocol MovieIDMaker {
    mutating func make(_ bytes: UnsafeRawBufferPointer) -> MovieID
}

/// A fresh string for every id (no memory between lines).
struct FreshMovieIDs: MovieIDMaker {
    func make(_ bytes: UnsafeRawBufferPointer) -> MovieID {
        MovieID(unchecked: String(decoding: bytes, as: UTF8.self))
    }
}

/// Remembers the movie ids it has seen, so a stream that names the same few thousand movies
/// millions of times allocates each id once: hashing a slug is cheaper than allocating,
/// validating and later freeing a string for it.
///
/// Holds at most ``capacity`` distinct ids; ids past that are made fresh each time, so memory
/// stays bounded on a stream of ever-new ids.
public struct MovieIDTable: MovieIDMaker, Sendable {
    /// The most distinct ids remembered. Default 65,536.
    public let capacity: Int
    /// Open addressing: each slot is an index into `ids` (or -1), with the id's hash beside it.
    private var slots: [Int32] = Array(repeating: -1, count: 1024)
    private var hashes: [UInt64] = Array(repeating: 0, count: 1024)
    private var ids: [MovieID] = []
    /// The ids' bytes, back to back, so a lookup compares raw memory.
    private var bytes: [UInt8] = []
    private var spans: [Range<Int>] = []

    /// Creates an empty table that remembers up to `capacity` ids.
    public init(capacity: Int = 65_536) { self.capacity = capacity }

    /// Distinct ids remembered so far.
    public var remembered: Int { ids.count }

    /// The number of the id the last parse made (a watch's or a rating's movie): its position
    /// among the remembered ids, 0, 1, 2, … in order of first sight; -1 when it was past
    /// ``capacity``. A join can then compare movies as small integers without a second table.
    public private(set) var lastNumber: Int32 = -1

    mutating func make(_ slug: UnsafeRawBufferPointer) -> MovieID {
        lastNumber = remember(slug)
        guard lastNumber >= 0 else { return MovieID(unchecked: String(decoding: slug, as: UTF8.self)) }
        return ids[Int(lastNumber)]
    }

    /// The number of the id spelt by `slug` (checked slug bytes), remembered if new; -1 past
    /// ``capacity``.
    public mutating func number(of slug: UnsafeRawBufferPointer) -> Int32 { remember(slug) }

    /// The id numbered `number` (0 ..< ``remembered``).
    public func id(number: Int32) -> MovieID { ids[Int(number)] }

    /// The number of `id`, remembered if new; -1 past ``capacity``.
    public mutating func number(of id: MovieID) -> Int32 {
        var text = id.rawValue
        return text.withUTF8 { remember(UnsafeRawBufferPointer($0)) }
    }

    private mutating func remember(_ slug: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(slug)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] >= 0 {
            let id = Int(slots[index])
            if hashes[index] == hash, matches(id, slug) { return Int32(id) }
            index = (index + 1) & mask
        }
        guard ids.count < capacity else { return -1 }
        slots[index] = Int32(ids.count)
        hashes[index] = hash
        ids.append(MovieID(unchecked: String(decoding: slug, as: UTF8.self)))
        spans.append(bytes.count..<(bytes.count + slug.count))
        bytes.append(contentsOf: slug)
        if ids.count * 2 > slots.count { grow() }
        return Int32(ids.count - 1)
    }

    private func matches(_ id: Int, _ slug: UnsafeRawBufferPointer) -> Bool {
        let span = spans[id]
        guard span.count == slug.count else { return false }
        return bytes.withUnsafeBytes { stored in
            // Eight bytes at a time: ids are short, so this beats a call to memcmp.
            var offset = 0
            while offset + 8 <= slug.count {
                if stored.loadUnaligned(fromByteOffset: span.lowerBound + offset, as: UInt64.self)
                    != slug.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                {
                    return false
                }
                offset += 8
            }
            while offset < slug.count {
                if stored[span.lowerBound + offset] != slug[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [Int32](repeating: -1, count: size)
        var newHashes = [UInt64](repeating: 0, count: size)
        for (slot, hash) in zip(slots, hashes) where slot >= 0 {
            var index = Int(truncatingIfNeeded: hash) & (size - 1)
            while newSlots[index] >= 0 { index = (index + 1) & (size - 1) }
            newSlots[index] = slot
            newHashes[index] = hash
        }
        slots = newSlots
        hashes = newHashes
    }

    /// A 64-bit hash of `bytes`, eight bytes at a time.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }
}
