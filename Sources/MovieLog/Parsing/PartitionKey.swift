/// The Kafka message key of a log line: its user id field (the bytes between the first and
/// second comma), so one user's lines land in one partition and keep their order. A line
/// without that field gets an empty key (any partition).
public enum PartitionKey {
    /// The range of the user id field in `line`, or an empty range at 0.
    public static func userIDRange(in line: UnsafeRawBufferPointer) -> Range<Int> {
        guard let first = line.firstIndex(of: UInt8(ascii: ",")) else { return 0..<0 }
        let start = first + 1
        guard let second = line[start...].firstIndex(of: UInt8(ascii: ",")) else { return 0..<0 }
        return start..<second
    }
}
