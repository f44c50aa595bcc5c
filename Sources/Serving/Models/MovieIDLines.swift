import NIOCore
import Store

/// A model's movie ids as one UTF-8 buffer, for writing lists as comma-separated lines.
///
/// Joining `String`s retains and releases each id, and on a large catalogue each id's storage
/// is a cache miss; copying from one buffer touches neither. Made once per loaded model.
struct MovieIDLines: Sendable {
    /// Every id's bytes, back to back.
    private let bytes: [UInt8]
    /// `starts[item]..<starts[item + 1]` is `item`'s id in ``bytes``.
    private let starts: [Int]

    init(_ movieIDs: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(movieIDs.reduce(0) { $0 + $1.utf8.count })
        var starts = [0]
        starts.reserveCapacity(movieIDs.count + 1)
        for id in movieIDs {
            bytes.append(contentsOf: id.utf8)
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
    }

    /// The length in bytes of the line of `items`.
    func byteCount(_ items: ItemList) -> Int {
        var length = max(0, items.count - 1)
        for position in 0..<items.count {
            let item = Int(items[position])
            length += starts[item + 1] - starts[item]
        }
        return length
    }

    /// The ids of `items`, in order, joined by commas.
    func line(_ items: ItemList) -> String {
        String(unsafeUninitializedCapacity: byteCount(items)) { copyLine(items, to: UnsafeMutableRawBufferPointer($0)) }
    }

    /// Writes the line of `items` into `buffer` (an answer's body), in one reserved run of bytes.
    /// (A `writeBytes` per id and comma was 39 capacity checks and `memcpy` calls per answer,
    /// about 5 % of the event loops' time on 100k × 20k.)
    func write(_ items: ItemList, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: byteCount(items)) { copyLine(items, to: $0) }
    }

    /// Copies the line of `items` to the start of `target`, which holds at least
    /// ``byteCount(_:)`` bytes; returns that count. Ids are a few bytes each: a byte loop,
    /// not a `memcpy` call per id.
    private func copyLine(_ items: ItemList, to target: UnsafeMutableRawBufferPointer) -> Int {
        bytes.withUnsafeBufferPointer { source in
            var offset = 0
            for position in 0..<items.count {
                if position > 0 {
                    target[offset] = UInt8(ascii: ",")
                    offset += 1
                }
                let item = Int(items[position])
                for index in starts[item]..<starts[item + 1] {
                    target[offset] = source[index]
                    offset += 1
                }
            }
            return offset
        }
    }

    /// Appends the line of `items` to `rows` as one text field (the served log's `line`).
    func append(_ items: ItemList, to rows: inout CopyRows) {
        rows.startField()
        forEachPart(of: items) { rows.appendEscaped($0) }
    }

    /// Calls `body` with the line's parts in order: each id's bytes, and a comma between two ids.
    private func forEachPart(of items: ItemList, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var comma = UInt8(ascii: ",")
        bytes.withUnsafeBufferPointer { source in
            for position in 0..<items.count {
                if position > 0 { withUnsafePointer(to: &comma) { body(UnsafeBufferPointer(start: $0, count: 1)) } }
                let item = Int(items[position])
                body(UnsafeBufferPointer(rebasing: source[starts[item]..<starts[item + 1]]))
            }
        }
    }
}
