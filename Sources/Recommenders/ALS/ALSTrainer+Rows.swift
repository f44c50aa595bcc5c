import CBLAS

/// One side's rows being solved in a pass: read-only inputs and the output, shared by the
/// pass's threads.
///
/// `@unchecked Sendable`: the pointers outlive the pass (the caller holds the arrays), inputs
/// are only read, and each thread writes only the output rows it was given.
struct RowWork: @unchecked Sendable {
    /// The CSR arrays of the side being solved (`rows + 1` offsets, then columns and confidences).
    let rowStarts: UnsafePointer<Int>
    let columns: UnsafePointer<Int32>
    let values: UnsafePointer<Float>
    /// `YᵀY + λI` of the fixed side (row-major, both triangles).
    let gram: UnsafePointer<Float>
    let fixed: UnsafePointer<Float>
    let solved: UnsafeMutablePointer<Float>
    let factors: Int

    /// Runs `body` with the pass's inputs and output pinned for the duration of the call.
    static func with(
        _ matrix: InteractionMatrix, gram: [Float], fixed: [Float], solved: inout [Float], factors: Int,
        _ body: (RowWork) -> Void
    ) {
        // An empty array may have no base address; nothing is read through these then.
        func base<T>(_ buffer: UnsafeBufferPointer<T>) -> UnsafePointer<T> {
            buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
        }
        matrix.rowStarts.withUnsafeBufferPointer { rowStarts in
            matrix.columnIndices.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    gram.withUnsafeBufferPointer { gram in
                        fixed.withUnsafeBufferPointer { fixed in
                            solved.withUnsafeMutableBufferPointer { solved in
                                body(
                                    RowWork(
                                        rowStarts: base(rowStarts), columns: base(columns), values: base(values),
                                        gram: base(gram), fixed: base(fixed),
                                        solved: UnsafeMutablePointer(mutating: base(UnsafeBufferPointer(solved))),
                                        factors: factors))
                            }
                        }
                    }
                }
            }
        }
    }

    /// x = (YᵀY + λI + Σ (c−1) y yᵀ)⁻¹ Σ c y, by Cholesky. The rank-one terms go in as
    /// rank-k updates (`ssyrk`) of the rows scaled by √(c−1), a block of rows at a time.
    func solveExactly(_ row: Int, _ scratch: inout RowScratch) {
        let f = factors
        let (a, b, block) = (scratch.a, scratch.b, scratch.block)
        a.update(from: gram, count: f * f)
        b.update(repeating: 0, count: f)
        var gathered = 0
        for position in rowStarts[row]..<rowStarts[row + 1] {
            let confidence = values[position]
            let y = fixed + Int(columns[position]) * f
            Self.add(confidence, y, to: b, f)
            if confidence > 1 {
                Self.copy(y, scaledBy: (confidence - 1).squareRoot(), to: block + gathered * f, f)
                gathered += 1
                if gathered == scratch.blockRows {
                    BLAS.rankUpdate(a, n: f, block, rows: gathered)
                    gathered = 0
                }
            } else if confidence < 1 {
                BLAS.rankOneUpdate(a, n: f, alpha: confidence - 1, y)
            }
        }
        BLAS.rankUpdate(a, n: f, block, rows: gathered)
        // λ > 0 keeps the matrix positive definite; on failure the previous row stays.
        if BLAS.solvePositiveDefinite(a, n: f, b) { (solved + row * f).update(from: b, count: f) }
    }

    /// `steps` conjugate-gradient steps on the same system, from the row's previous value, as
    /// implicit's `least_squares_cg`, but with the row's factor rows `Y_u` gathered into a
    /// block once, so that each product `Σ w y yᵀ v` is two `sgemv` calls (`Y_uᵀ (w ∘ Y_u v)`)
    /// instead of a `dot` and an `axpy` call per entry.
    func solveByConjugateGradient(_ row: Int, steps: Int, _ scratch: inout RowScratch) {
        let f = factors
        let x = solved + row * f
        let (r, p, ap) = (scratch.r, scratch.p, scratch.ap)
        let first = rowStarts[row]
        let n = rowStarts[row + 1] - first
        let resident = n <= scratch.blockRows
        if resident { gather(first, n, into: scratch.block) }
        // r = b − A x = −(YᵀY + λI) x + Y_uᵀ (c − (c−1) ∘ Y_u x)
        BLAS.product(gram, rows: f, columns: f, x, into: r, scale: -1)
        addEntries(first, n, x, into: r, scratch, resident: resident) { c, yx in c - (c - 1) * yx }
        p.update(from: r, count: f)
        var residual = Self.dot(r, r, f)
        for _ in 0..<steps where residual > 1e-20 {
            // ap = A p = (YᵀY + λI) p + Y_uᵀ ((c−1) ∘ Y_u p)
            BLAS.product(gram, rows: f, columns: f, p, into: ap)
            addEntries(first, n, p, into: ap, scratch, resident: resident) { c, yp in (c - 1) * yp }
            let alpha = residual / Self.dot(p, ap, f)
            Self.add(alpha, p, to: x, f)
            Self.add(-alpha, ap, to: r, f)
            let next = Self.dot(r, r, f)
            Self.scaleAndAdd(p, by: next / residual, r, f)
            residual = next
        }
    }

    /// `out += Σ weight(c, y·v) y` over the `count` entries from position `first`: `Y_u v`,
    /// then `Y_uᵀ` times the weights, a block of rows at a time. A `resident` row is already
    /// gathered in `scratch.block`; a longer one is gathered again, block by block, for every
    /// product, so a row as long as a hit movie's audience needs no buffer of its size.
    @inline(__always)
    func addEntries(
        _ first: Int, _ count: Int, _ v: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
        _ scratch: borrowing RowScratch, resident: Bool, weight: (Float, Float) -> Float
    ) {
        let (block, t) = (scratch.block, scratch.t)
        var start = 0
        while start < count {
            let rows = min(scratch.blockRows, count - start)
            if !resident { gather(first + start, rows, into: block) }
            BLAS.product(block, rows: rows, columns: factors, v, into: t)
            for entry in 0..<rows { t[entry] = weight(values[first + start + entry], t[entry]) }
            BLAS.transposedProduct(block, rows: rows, columns: factors, t, into: out, accumulate: true)
            start += rows
        }
    }

    /// Copies the fixed side's rows of the `count` entries from position `first` into `block`,
    /// asking for each row's cache lines a few entries ahead (the rows are scattered: each is
    /// a likely cache miss, and the hardware prefetcher cannot guess the next one).
    @inline(__always)
    func gather(_ first: Int, _ count: Int, into block: UnsafeMutablePointer<Float>) {
        let f = factors
        let ahead = min(count, Self.prefetchDistance)
        for entry in 0..<ahead { prefetch(fixed + Int(columns[first + entry]) * f) }
        for entry in 0..<count {
            if entry + ahead < count { prefetch(fixed + Int(columns[first + entry + ahead]) * f) }
            (block + entry * f).update(from: fixed + Int(columns[first + entry]) * f, count: f)
        }
    }

    /// How many entries ahead ``gather(_:_:into:)`` asks for rows.
    static let prefetchDistance = 8

    /// Asks for the cache lines of the `factors` floats at `row`.
    @inline(__always)
    func prefetch(_ row: UnsafePointer<Float>) {
        var offset = 0
        while offset < factors {
            marquee_prefetch(row + offset)
            offset &+= 16
        }
    }

    /// `a · b` over `count` floats, eight lanes at a time in two independent sums.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        let (ra, rb) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        var (even, odd) = (SIMD8<Float>(), SIMD8<Float>())
        var k = 0
        while k + 16 <= count {
            even +=
                ra.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Float>.self)
            odd +=
                ra.loadUnaligned(fromByteOffset: k &* 4 &+ 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k &* 4 &+ 32, as: SIMD8<Float>.self)
            k &+= 16
        }
        if k + 8 <= count {
            even +=
                ra.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Float>.self)
            k &+= 8
        }
        var sum = (even + odd).sum()
        while k < count {
            sum += a[k] * b[k]
            k &+= 1
        }
        return sum
    }

    /// `y += alpha · x` over `count` floats.
    @inline(__always)
    static func add(_ alpha: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, _ count: Int) {
        for k in 0..<count { y[k] += alpha * x[k] }
    }

    /// `y = scale · x` over `count` floats.
    @inline(__always)
    static func copy(_ x: UnsafePointer<Float>, scaledBy scale: Float, to y: UnsafeMutablePointer<Float>, _ count: Int)
    {
        for k in 0..<count { y[k] = scale * x[k] }
    }

    /// `p = r + beta · p` over `count` floats.
    @inline(__always)
    static func scaleAndAdd(_ p: UnsafeMutablePointer<Float>, by beta: Float, _ r: UnsafePointer<Float>, _ count: Int) {
        for k in 0..<count { p[k] = r[k] + beta * p[k] }
    }
}

/// Per-thread buffers for solving rows, allocated once per pass. `block` holds up to
/// `blockRows` gathered factor rows (the longest row's count, at most `maximumBlockFloats`
/// floats in all) and `t` one value per gathered row.
struct RowScratch: ~Copyable {
    /// The default cap on `block`: 4 MiB of floats (16,384 rows at 64 factors).
    static let maximumBlockFloats = 1 << 20
    let a: UnsafeMutablePointer<Float>
    let b: UnsafeMutablePointer<Float>
    let r: UnsafeMutablePointer<Float>
    let p: UnsafeMutablePointer<Float>
    let ap: UnsafeMutablePointer<Float>
    let block: UnsafeMutablePointer<Float>
    let t: UnsafeMutablePointer<Float>
    let blockRows: Int

    init(factors: Int, longestRow: Int, maximumBlockFloats: Int = Self.maximumBlockFloats) {
        a = .allocate(capacity: factors * factors)
        b = .allocate(capacity: factors)
        r = .allocate(capacity: factors)
        p = .allocate(capacity: factors)
        ap = .allocate(capacity: factors)
        blockRows = max(1, min(longestRow, maximumBlockFloats / factors))
        block = .allocate(capacity: blockRows * factors)
        t = .allocate(capacity: blockRows)
    }

    deinit {
        for buffer in [a, b, r, p, ap, block, t] { buffer.deallocate() }
    }
}
