import Foundation

/// Which slice of the data a drift window is: a label for people, and the time range and/or
/// ingest offsets that define it. Opaque to the metrics; copied into the report.
public struct DriftWindow: Hashable, Sendable {
    /// A range of one Kafka partition: offsets `from` (inclusive) up to `to` (exclusive).
    public struct OffsetRange: Hashable, Sendable, Codable {
        public var topic: String
        public var partition: Int32
        /// The first offset in the window.
        public var from: Int64
        /// The offset after the last one in the window (a `next_offset`).
        public var to: Int64

        /// Creates a range.
        public init(topic: String, partition: Int32, from: Int64, to: Int64) {
            self.topic = topic
            self.partition = partition
            self.from = from
            self.to = to
        }

        enum CodingKeys: String, CodingKey {
            case topic, partition, from = "from_offset", to = "to_offset"
        }
    }

    /// How an operator names the window, e.g. `2025-10-01..2025-10-08` or `movielog1 offsets 0..50000`.
    public var label: String
    /// The window's first instant (inclusive), if it is defined by time.
    public var from: Date?
    /// The window's end (exclusive), if it is defined by time.
    public var to: Date?
    /// The offsets the window covers, if it is defined by offsets.
    public var offsets: [OffsetRange]

    /// Creates a window description.
    public init(label: String, from: Date? = nil, to: Date? = nil, offsets: [OffsetRange] = []) {
        self.label = label
        self.from = from
        self.to = to
        self.offsets = offsets
    }
}

extension DriftWindow: Codable {
    enum CodingKeys: String, CodingKey {
        case label, from, to, offsets
    }

    /// Instants are RFC 3339 strings in UTC with fractional seconds, whatever the encoder's
    /// date strategy, so the JSON matches `schemas/drift-report.schema.json`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(from.map(Self.format), forKey: .from)
        try container.encode(to.map(Self.format), forKey: .to)
        try container.encode(offsets, forKey: .offsets)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        from = try Self.date(container, .from)
        to = try Self.date(container, .to)
        offsets = try container.decodeIfPresent([OffsetRange].self, forKey: .offsets) ?? []
    }

    private static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func date(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        throw DecodingError.dataCorruptedError(
            forKey: key, in: container, debugDescription: "\(text) is not an RFC 3339 date-time")
    }
}
