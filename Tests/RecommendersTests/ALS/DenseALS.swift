import Recommenders

/// A direct, dense implementation of one ALS pass in Double: every user's full confidence row,
/// the normal equations written out, Gaussian elimination. Slow and obviously right.
enum DenseALS {
    static func pass(_ matrix: InteractionMatrix, from start: ALSModel, regularization: Double) -> ALSModel {
        let users = solve(matrix, fixed: start.itemFactors, factors: start.factors, regularization: regularization)
        let items = solve(matrix.transposed(), fixed: users, factors: start.factors, regularization: regularization)
        return ALSModel(factors: start.factors, userFactors: users, itemFactors: items)
    }

    static func solve(_ matrix: InteractionMatrix, fixed: [Float], factors f: Int, regularization: Double) -> [Float] {
        var result: [Float] = []
        for row in 0..<matrix.rows {
            var confidence = [Double](repeating: 1, count: matrix.columns)
            var preference = [Double](repeating: 0, count: matrix.columns)
            for position in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
                confidence[Int(matrix.columnIndices[position])] = Double(matrix.values[position])
                preference[Int(matrix.columnIndices[position])] = 1
            }
            var a = [[Double]](repeating: [Double](repeating: 0, count: f), count: f)
            var b = [Double](repeating: 0, count: f)
            for column in 0..<matrix.columns {
                for i in 0..<f {
                    let yi = Double(fixed[column * f + i])
                    b[i] += confidence[column] * preference[column] * yi
                    for j in 0..<f { a[i][j] += confidence[column] * yi * Double(fixed[column * f + j]) }
                }
            }
            for i in 0..<f { a[i][i] += regularization }
            result += gaussianElimination(a, b).map(Float.init)
        }
        return result
    }

    static func gaussianElimination(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var a = a
        var b = b
        let n = b.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }
}
