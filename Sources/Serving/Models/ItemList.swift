/// One answer's movies (item indices of its model), best first, held inline: making, copying and
/// logging a list allocates nothing. Holds up to ``capacity`` movies, the longest list
/// `/recommend` answers.
public struct ItemList: Sendable, BitwiseCopyable, Equatable, ExpressibleByArrayLiteral {
    /// The most movies a list holds.
    public static let capacity = 20

    public private(set) var count = 0
    private var storage = InlineArray<20, Int32>(repeating: 0)

    public init() {}

    /// The first ``capacity`` items of `items`.
    public init(_ items: some Sequence<Int32>) {
        for item in items {
            if isFull { break }
            append(item)
        }
    }

    public init(arrayLiteral items: Int32...) { self.init(items) }

    public var isFull: Bool { count == Self.capacity }

    /// Adds `item` at the end; the list must not be full.
    public mutating func append(_ item: Int32) {
        precondition(!isFull, "an ItemList holds at most \(Self.capacity) movies")
        storage[count] = item
        count += 1
    }

    public subscript(position: Int) -> Int32 {
        precondition(position >= 0 && position < count, "position \(position) is outside the list")
        return storage[position]
    }

    /// The items in order.
    public var array: [Int32] { (0..<count).map { storage[$0] } }

    public static func == (lhs: ItemList, rhs: ItemList) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for position in 0..<lhs.count where lhs.storage[position] != rhs.storage[position] { return false }
        return true
    }
}
