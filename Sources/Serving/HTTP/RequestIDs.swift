import NIOCore
import Store
import Synchronization

/// One answer's request id: a random prefix chosen when the server starts, then a counter
/// (`3f9c2a7d51e08b64-000000000001a2f3`). Two integers until it is written out, so an answer
/// carries it to its header and the served log without allocating.
public struct RequestID: Sendable, BitwiseCopyable, Hashable {
    /// The random part, the same for every answer of one server run.
    public let prefix: UInt64
    /// The answer's number in that run.
    public let number: UInt64

    /// The length of ``text``.
    static let length = 33

    /// The id as it appears in `X-Request-Id` and the served log.
    public var text: String {
        String(unsafeUninitializedCapacity: Self.length) { target in
            withUTF8 { _ = target.initialize(from: $0) }
            return Self.length
        }
    }

    /// Writes the id's bytes into `buffer`.
    func write(into buffer: inout ByteBuffer) {
        withUTF8 { _ = buffer.writeBytes($0) }
    }

    /// Appends the id to `rows` as one text field.
    func append(to rows: inout CopyRows) {
        rows.startField()
        withUTF8 { rows.appendEscaped($0) }
    }

    /// Calls `body` with the id's 33 bytes, made on the stack.
    private func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var bytes = InlineArray<33, UInt8>(repeating: UInt8(ascii: "-"))
        for index in 0..<16 {
            bytes[15 - index] = Self.digits[Int(prefix >> (4 * UInt64(index)) & 15)]
            bytes[32 - index] = Self.digits[Int(number >> (4 * UInt64(index)) & 15)]
        }
        return bytes.span.withUnsafeBufferPointer { body($0) }
    }

    private static let digits: InlineArray<16, UInt8> = [
        48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102,
    ]
}

/// Request ids for one server run: unique across restarts and replicas (64 random bits) and
/// cheap on the request path (one atomic add, no system call).
final class RequestIDs: Sendable {
    private let prefix = UInt64.random(in: .min ... .max)
    private let counter = Atomic<UInt64>(0)

    func next() -> RequestID {
        RequestID(prefix: prefix, number: counter.wrappingAdd(1, ordering: .relaxed).newValue)
    }
}
