import NIOCore
import Store

/// A model's movie ids as one buffer of 8-byte words, for writing lists as comma-separated lines.
///
/// Joining `String`s retains and releases each id, and on a large catalogue each id's storage
/// is a cache miss; copying from one buffer touches neither. Each id starts on a word of its own
/// and is padded with zeros to a whole word, so a line is copied a word at a time: real movie
/// ids are slugs such as `the+shawshank+redemption+1994`, and a byte at a time their copies
/// (into answers and served-log rows) were 5.2 % of all samples under `perf` on 100k × 20k (ids
/// of about 16 bytes), against 1.5 % a word at a time. Made once per loaded model.
struct MovieIDLines: Sendable {
    /// Where an id is: its first word in ``words`` and its length in bytes.
    private struct Span {
        var word: UInt32
        var length: UInt32
    }

    /// Every id's bytes, each from the start of a word, zero-padded to the next word.
    private let words: [UInt64]
    /// Each item's id in ``words``.
    private let spans: [Span]

    /// Bytes a copy may write past a line's end (the last id's padding): buffers given to
    /// ``copyLine(_:to:)`` hold this many more than ``byteCount(_:)``.
    private static let slack = MemoryLayout<UInt64>.size - 1

    init(_ movieIDs: [String]) {
        let wordSize = MemoryLayout<UInt64>.size
        var spans: [Span] = []
        spans.reserveCapacity(movieIDs.count)
        var wordCount = 0
        for id in movieIDs {
            let length = id.utf8.count
            spans.append(Span(word: UInt32(wordCount), length: UInt32(length)))
            wordCount += (length + wordSize - 1) / wordSize
        }
        var words = [UInt64](repeating: 0, count: wordCount)
        words.withUnsafeMutableBytes { target in
            for (id, span) in zip(movieIDs, spans) {
                var id = id
                id.withUTF8 { utf8 in
                    UnsafeMutableRawBufferPointer(rebasing: target[(Int(span.word) * wordSize)...]).copyMemory(
                        from: UnsafeRawBufferPointer(utf8))
                }
            }
        }
        self.words = words
        self.spans = spans
    }

    /// The length in bytes of the line of `items`.
    func byteCount(_ items: ItemList) -> Int {
        var length = max(0, items.count - 1)
        for position in 0..<items.count { length += Int(spans[Int(items[position])].length) }
        return length
    }

    /// The ids of `items`, in order, joined by commas.
    func line(_ items: ItemList) -> String {
        String(unsafeUninitializedCapacity: byteCount(items) + Self.slack) {
            copyLine(items, to: UnsafeMutableRawBufferPointer($0))
        }
    }

    /// Writes the line of `items` into `buffer` (an answer's body), in one reserved run of bytes.
    /// (A `writeBytes` per id and comma was 39 capacity checks and `memcpy` calls per answer,
    /// about 5 % of the event loops' time on 100k × 20k.)
    func write(_ items: ItemList, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: byteCount(items) + Self.slack) {
            copyLine(items, to: $0)
        }
    }

    /// Copies the line of `items` to the start of `target`, which holds at least
    /// ``byteCount(_:)`` + ``slack`` bytes; returns the line's length. Each id is copied a word
    /// at a time; the padding its last word carries past the id is overwritten by the comma and
    /// id that follow, or left beyond the line's end.
    private func copyLine(_ items: ItemList, to target: UnsafeMutableRawBufferPointer) -> Int {
        words.withUnsafeBufferPointer { words in
            var offset = 0
            for position in 0..<items.count {
                if position > 0 {
                    target.storeBytes(of: UInt8(ascii: ","), toByteOffset: offset, as: UInt8.self)
                    offset += 1
                }
                let span = spans[Int(items[position])]
                precondition(offset + Int(span.length) + Self.slack <= target.count, "a line's buffer is too small")
                var word = Int(span.word)
                var copied = 0
                while copied < Int(span.length) {
                    target.storeBytes(of: words[word], toByteOffset: offset + copied, as: UInt64.self)
                    word += 1
                    copied += MemoryLayout<UInt64>.size
                }
                offset += Int(span.length)
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
        words.withUnsafeBytes { source in
            for position in 0..<items.count {
                if position > 0 { withUnsafePointer(to: &comma) { body(UnsafeBufferPointer(start: $0, count: 1)) } }
                let span = spans[Int(items[position])]
                let start = Int(span.word) * MemoryLayout<UInt64>.size
                UnsafeRawBufferPointer(rebasing: source[start..<start + Int(span.length)])
                    .withMemoryRebound(to: UInt8.self) { body($0) }
            }
        }
    }
}
