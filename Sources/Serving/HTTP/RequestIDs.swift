import Synchronization

/// Request ids: a random prefix chosen when the server starts, then a counter
/// (`3f9c2a7d51e08b64-000000000001a2f3`). Unique across restarts and replicas (64 random bits)
/// and cheap on the request path (one atomic add, no system call).
final class RequestIDs: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    init() {
        let random = UInt64.random(in: .min ... .max)
        prefix = Self.hex(random)
    }

    func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return prefix + "-" + Self.hex(value)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
