/// A sparse users × items matrix of confidences in compressed-row form: row `r` holds the
/// columns `columns[rowStarts[r]..<rowStarts[r + 1]]` with `values` at the same positions.
public struct InteractionMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// `rows + 1` offsets into ``columnIndices`` and ``values``.
    public let rowStarts: [Int]
    public let columnIndices: [Int32]
    /// The confidence of each stored entry (> 0).
    public let values: [Float]

    /// Builds the matrix from `(row, column, value)` entries; entries at the same position add up.
    /// - Precondition: every row is in `0..<rows`, every column in `0..<columns`, every value > 0.
    public init(rows: Int, columns: Int, entries: [(row: Int, column: Int, value: Float)]) {
        precondition(
            entries.allSatisfy { (0..<rows).contains($0.row) && (0..<columns).contains($0.column) && $0.value > 0 })
        let sorted = entries.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var starts = [Int](repeating: 0, count: rows + 1)
        var indices: [Int32] = []
        var values: [Float] = []
        indices.reserveCapacity(sorted.count)
        values.reserveCapacity(sorted.count)
        var last: (row: Int, column: Int)?
        for entry in sorted {
            if let last, last == (entry.row, entry.column) {
                values[values.count - 1] += entry.value
                continue
            }
            indices.append(Int32(entry.column))
            values.append(entry.value)
            starts[entry.row + 1] += 1
            last = (entry.row, entry.column)
        }
        for row in 0..<rows { starts[row + 1] += starts[row] }
        self.init(rows: rows, columns: columns, rowStarts: starts, columnIndices: indices, values: values)
    }

    /// Wraps a matrix already in compressed-row form (no copy, no sorting): what a caller with
    /// millions of integer pairs uses instead of building tuples.
    /// - Precondition: `rowStarts` has `rows + 1` non-decreasing offsets from 0 to the entry
    ///   count; `columnIndices` and `values` have that many entries; columns are in
    ///   `0..<columns` and ascending within each row (not checked: O(entries)).
    public init(rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]) {
        precondition(
            rowStarts.count == rows + 1 && rowStarts.first == 0 && rowStarts.last == columnIndices.count
                && values.count == columnIndices.count)
        self.rows = rows
        self.columns = columns
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Stored entries.
    public var count: Int { values.count }

    /// The same confidences as items × users.
    public func transposed() -> InteractionMatrix {
        var starts = [Int](repeating: 0, count: columns + 1)
        for column in columnIndices { starts[Int(column) + 1] += 1 }
        for column in 0..<columns { starts[column + 1] += starts[column] }
        var next = starts
        var indices = [Int32](repeating: 0, count: count)
        var transposedValues = [Float](repeating: 0, count: count)
        for row in 0..<rows {
            for position in rowStarts[row]..<rowStarts[row + 1] {
                let column = Int(columnIndices[position])
                indices[next[column]] = Int32(row)
                transposedValues[next[column]] = values[position]
                next[column] += 1
            }
        }
        return InteractionMatrix(
            rows: columns, columns: rows, rowStarts: starts, columnIndices: indices, values: transposedValues)
    }
}
