/// The movie ids of a status-200 recommendation, in rank order, kept as one string of ids
/// joined by `,` (the slug alphabet has no comma): one allocation per line instead of one per
/// id, and the form the store writes as is. Iterating it makes a ``MovieID`` per element.
public struct MovieIDList: Collection, Hashable, Sendable, CustomStringConvertible {
    /// A position in ``joined``: the start of an id.
    public struct Index: Comparable, Hashable, Sendable {
        fileprivate let offset: Int

        public static func < (lhs: Index, rhs: Index) -> Bool { lhs.offset < rhs.offset }
    }

    /// The ids joined by `,`, e.g. `office+space+1999,memento+2000`.
    public let joined: String
    /// The number of ids.
    public let count: Int

    /// A list of `ids` (each already a valid slug).
    public init(_ ids: [MovieID]) {
        joined = ids.map(\.rawValue).joined(separator: ",")
        count = ids.count
    }

    /// A list from ids already joined by `,` and checked by the parser.
    init(unchecked joined: String, count: Int) {
        self.joined = joined
        self.count = count
    }

    public var startIndex: Index { Index(offset: 0) }
    public var endIndex: Index { Index(offset: count == 0 ? 0 : joined.utf8.count + 1) }
    public var isEmpty: Bool { count == 0 }

    public func index(after index: Index) -> Index {
        let utf8 = joined.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: index.offset)
        let end = utf8[start...].firstIndex(of: UInt8(ascii: ",")) ?? utf8.endIndex
        return Index(offset: utf8.distance(from: utf8.startIndex, to: end) + 1)
    }

    public subscript(position: Index) -> MovieID {
        let utf8 = joined.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: position.offset)
        let end = utf8[start...].firstIndex(of: UInt8(ascii: ",")) ?? utf8.endIndex
        return MovieID(unchecked: String(joined[start..<end]))
    }

    public var description: String { joined }
}
