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

    /// The ids of `items` (indices into the model's movies), in order, joined by commas.
    func line(_ items: [Int32]) -> String {
        var length = max(0, items.count - 1)
        for item in items { length += starts[Int(item) + 1] - starts[Int(item)] }
        return bytes.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: length) { target in
                var offset = 0
                for (position, item) in items.enumerated() {
                    if position > 0 {
                        target[offset] = UInt8(ascii: ",")
                        offset += 1
                    }
                    let id = UnsafeBufferPointer(rebasing: source[starts[Int(item)]..<starts[Int(item) + 1]])
                    _ = UnsafeMutableBufferPointer(rebasing: target[offset...]).initialize(from: id)
                    offset += id.count
                }
                return offset
            }
        }
    }
}
