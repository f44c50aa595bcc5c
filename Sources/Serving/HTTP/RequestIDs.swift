import Synchronization

/// Request ids: a random prefix chosen when the server starts, then a counter
/// (`3f9c2a7d51e08b64-000000000001a2f3`). Unique across restarts and replicas (64 random bits)
/// and cheap on the request path (one atomic add, no system call).
final class RequestIDs: Sendable {
    /// The 16 hex digits of the random prefix.
    private let prefix: [UInt8]
    private let counter = Atomic<UInt64>(0)

    init() {
        prefix = Self.hex(UInt64.random(in: .min ... .max))
    }

    func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: 33) { text in
            for (index, digit) in prefix.enumerated() { text[index] = digit }
            text[16] = UInt8(ascii: "-")
            var rest = value
            for index in (17..<33).reversed() {
                text[index] = Self.digits[Int(rest & 15)]
                rest >>= 4
            }
            return 33
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// `value` as 16 lowercase hex digits.
    private static func hex(_ value: UInt64) -> [UInt8] {
        (0..<16).map { digits[Int(value >> (60 - 4 * UInt64($0)) & 15)] }
    }
}
