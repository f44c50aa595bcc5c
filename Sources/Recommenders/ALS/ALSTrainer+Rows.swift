/// One side's rows being solved in a pass: read-only inputs and the output, shared by the
/// pass's threads.
///
/// `@unchecked Sendable`: the pointers outlive the pass (the caller holds the arrays), inputs
/// are only read, and each thread writes only the output rows it was given.
struct RowWork: @unchecked Sendable {
    let matrix: InteractionMatrix
    /// `YᵀY + λI` of the fixed side.
    let gram: UnsafeBufferPointer<Float>
    let fixed: UnsafeBufferPointer<Float>
    let solved: UnsafeMutableBufferPointer<Float>
    let factors: Int

    /// x = (YᵀY + λI + Σ (c−1) y yᵀ)⁻¹ Σ c y, by Cholesky.
    func solveExactly(_ row: Int, _ scratch: inout RowScratch) {
        let f = factors
        let a = scratch.a
        let b = scratch.b
        a.update(from: gram.baseAddress!, count: f * f)
        b.update(repeating: 0, count: f)
        for position in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
            let confidence = matrix.values[position]
            let y = fixed.baseAddress! + Int(matrix.columnIndices[position]) * f
            if confidence != 1 { BLAS.rankOneUpdate(a, n: f, alpha: confidence - 1, y) }
            for k in 0..<f { b[k] += confidence * y[k] }
        }
        // λ > 0 keeps the matrix positive definite; on failure the previous row stays.
        if BLAS.solvePositiveDefinite(a, n: f, b) { (solved.baseAddress! + row * f).update(from: b, count: f) }
    }

    /// `steps` conjugate-gradient steps on the same system, from the row's previous value.
    func solveByConjugateGradient(_ row: Int, steps: Int, _ scratch: inout RowScratch) {
        let f = factors
        let x = solved.baseAddress! + row * f
        let (r, p, ap) = (scratch.r, scratch.p, scratch.ap)
        let entries = matrix.rowStarts[row]..<matrix.rowStarts[row + 1]
        // r = b − A x = −(YᵀY + λI) x + Σ (c − (c−1)(y·x)) y
        BLAS.symmetricProduct(gram.baseAddress!, n: f, x, into: r)
        for k in 0..<f { r[k] = -r[k] }
        for position in entries {
            let confidence = matrix.values[position]
            let y = fixed.baseAddress! + Int(matrix.columnIndices[position]) * f
            let weight = confidence - (confidence - 1) * Self.dot(y, x, f)
            for k in 0..<f { r[k] += weight * y[k] }
        }
        p.update(from: r, count: f)
        var residual = Self.dot(r, r, f)
        for _ in 0..<steps where residual > 1e-20 {
            // ap = A p = (YᵀY + λI) p + Σ (c−1)(y·p) y
            BLAS.symmetricProduct(gram.baseAddress!, n: f, p, into: ap)
            for position in entries {
                let confidence = matrix.values[position]
                guard confidence != 1 else { continue }
                let y = fixed.baseAddress! + Int(matrix.columnIndices[position]) * f
                let weight = (confidence - 1) * Self.dot(y, p, f)
                for k in 0..<f { ap[k] += weight * y[k] }
            }
            let alpha = residual / Self.dot(p, ap, f)
            for k in 0..<f {
                x[k] += alpha * p[k]
                r[k] -= alpha * ap[k]
            }
            let next = Self.dot(r, r, f)
            for k in 0..<f { p[k] = r[k] + (next / residual) * p[k] }
            residual = next
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var sum: Float = 0
        for k in 0..<count { sum += a[k] * b[k] }
        return sum
    }
}

/// Per-thread buffers for solving rows, allocated once per pass.
struct RowScratch: ~Copyable {
    let a: UnsafeMutablePointer<Float>
    let b: UnsafeMutablePointer<Float>
    let r: UnsafeMutablePointer<Float>
    let p: UnsafeMutablePointer<Float>
    let ap: UnsafeMutablePointer<Float>

    init(factors: Int) {
        a = .allocate(capacity: factors * factors)
        b = .allocate(capacity: factors)
        r = .allocate(capacity: factors)
        p = .allocate(capacity: factors)
        ap = .allocate(capacity: factors)
    }

    deinit {
        for buffer in [a, b, r, p, ap] { buffer.deallocate() }
    }
}
