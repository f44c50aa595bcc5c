/// The row of each user id in an ``InteractionIndex``: a table indexed by id where the ids are
/// dense enough (MovieLens numbers its users 1…N, and so do most services), a dictionary
/// otherwise. Serving looks a user up once per answer; in the table that is one load, where a
/// dictionary hashes and probes two arrays, each a likely cache miss at a million users.
public struct UserRows: Sendable {
    /// The smallest id; the table's first slot.
    private let first: Int64
    /// Row + 1 for each id from `first` on; 0 where the id has no row. Empty when not dense.
    private let table: [Int32]
    /// Used when the ids are too spread out for the table.
    private let dictionary: [Int64: Int]

    /// The table is used while it needs at most this many slots per id (4 bytes each), or
    /// `minimumTableSlots` in all: never more memory than the dictionary it replaces.
    static let slotsPerID = 4
    static let minimumTableSlots = 1024

    /// Rows of `ids` in their order; an id given twice keeps its first row.
    public init(_ ids: [Int64]) {
        let slots = max(ids.count * Self.slotsPerID, Self.minimumTableSlots)
        guard ids.count < Int32.max, let low = ids.min(), let high = ids.max(),
            case let (span, overflow) = high.subtractingReportingOverflow(low), !overflow, span < slots
        else {
            first = 0
            table = []
            dictionary = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            return
        }
        var table = [Int32](repeating: 0, count: Int(span) + 1)
        for (row, id) in ids.enumerated().reversed() { table[Int(id - low)] = Int32(row + 1) }
        first = low
        self.table = table
        dictionary = [:]
    }

    /// The row of `id`, or nil when it has none.
    public subscript(id: Int64) -> Int? {
        guard !table.isEmpty else { return dictionary[id] }
        let (offset, overflow) = id.subtractingReportingOverflow(first)
        guard !overflow, offset >= 0, offset < table.count else { return nil }
        let row = table[Int(offset)]
        return row == 0 ? nil : Int(row) - 1
    }

    /// Whether lookups go through the table (for tests and diagnostics).
    var isTable: Bool { !table.isEmpty }
}
