import NIOCore

/// One batch of answers as a `served_batches` row: its name and its columns as binary arrays,
/// filled an answer at a time (``append(userID:at:provenanceID:latencyMicroseconds:basis:fallback:requestID:line:)``)
/// and written by ``Store/writeServed(_:)``.
public struct ServedBatchColumns: Sendable {
    /// The batch's name: unique to the batch, and the same in every write and replay of it.
    public let batch: String
    /// Answers appended so far.
    public private(set) var count = 0
    /// The earliest and latest `at` appended, in microseconds since 1970.
    public private(set) var firstAt = Int64.max
    public private(set) var lastAt = Int64.min
    var requestIDs: BinaryArray
    var userIDs: BinaryArray
    var ats: BinaryArray
    var provenanceIDs: BinaryArray
    var lines: BinaryArray
    var latencies: BinaryArray
    var bases: BinaryArray
    var fallbacks: BinaryArray

    /// Columns for exactly `capacity` answers (the arrays' headers declare it).
    public init(batch: String, capacity: Int) {
        self.batch = batch
        requestIDs = BinaryArray(of: .text, count: capacity, bytesPerElement: 40)
        userIDs = BinaryArray(of: .int8, count: capacity, bytesPerElement: 8)
        ats = BinaryArray(of: .timestamptz, count: capacity, bytesPerElement: 8)
        provenanceIDs = BinaryArray(of: .int4, count: capacity, bytesPerElement: 4)
        lines = BinaryArray(of: .text, count: capacity, bytesPerElement: 120)
        latencies = BinaryArray(of: .int4, count: capacity, bytesPerElement: 4)
        bases = BinaryArray(of: .text, count: capacity, bytesPerElement: 10)
        fallbacks = BinaryArray(of: .text, count: capacity, bytesPerElement: 0)
    }

    /// Appends one answer; `requestID` and `line` write their text's bytes.
    public mutating func append(
        userID: Int64, at: Int64, provenanceID: Int32, latencyMicroseconds: Int32, basis: String, fallback: String?,
        requestID: (inout ByteBuffer) -> Void, line: (inout ByteBuffer) -> Void
    ) {
        requestIDs.append(writingText: requestID)
        userIDs.append(int8: userID)
        ats.append(timestamp: at)
        provenanceIDs.append(int4: provenanceID)
        lines.append(writingText: line)
        latencies.append(int4: latencyMicroseconds)
        bases.append(text: basis)
        fallbacks.append(text: fallback)
        firstAt = min(firstAt, at)
        lastAt = max(lastAt, at)
        count += 1
    }

    /// Whether as many answers were appended as the arrays declare.
    public var isComplete: Bool { count == requestIDs.count }
}
