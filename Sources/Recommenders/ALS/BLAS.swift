import CBLAS

/// The only door to OpenBLAS and LAPACKE: small, typed wrappers over the calls ALS needs.
enum BLAS {
    /// OpenBLAS's own thread count (ALS keeps it at 1 and parallelises rows itself).
    static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// One thread per BLAS call, and OpenBLAS's idle pool stopped: it spins on `sched_yield`
    /// while it waits, taking CPU from threads with work to do.
    static func useOneThread() {
        openblas_set_num_threads(1)
        _ = blas_thread_shutdown_()
    }

    /// `YᵀY` of a row-major `rows × factors` matrix, as a row-major `factors × factors` matrix
    /// (both triangles).
    static func gram(_ y: [Float], rows: Int, factors: Int) -> [Float] {
        var result = [Float](repeating: 0, count: factors * factors)
        guard rows > 0 else { return result }
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(factors), Int32(factors), Int32(rows), 1, y,
            Int32(factors), y, Int32(factors), 0, &result, Int32(factors))
        return result
    }

    /// `a += alpha · x xᵀ` on the upper triangle of the row-major `n × n` matrix `a`.
    static func rankOneUpdate(_ a: UnsafeMutablePointer<Float>, n: Int, alpha: Float, _ x: UnsafePointer<Float>) {
        cblas_ssyr(CblasRowMajor, CblasUpper, Int32(n), alpha, x, 1, a, Int32(n))
    }

    /// `a += pᵀ p` on the upper triangle of the row-major `n × n` matrix `a`, where `p` is a
    /// row-major `rows × n` block (one rank-`rows` update instead of `rows` rank-one ones).
    static func rankUpdate(_ a: UnsafeMutablePointer<Float>, n: Int, _ p: UnsafePointer<Float>, rows: Int) {
        guard rows > 0 else { return }
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(rows), 1, p, Int32(n), 1, a, Int32(n))
    }

    /// `y = scale · a x (+ y when accumulating)` for the row-major `rows × columns` matrix `a`.
    /// (A general product even for the symmetric gram: OpenBLAS's gemv kernels are faster than
    /// its symv at 64 factors, and symv takes a lock for its buffer on every call.)
    static func product(
        _ a: UnsafePointer<Float>, rows: Int, columns: Int, _ x: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, scale: Float = 1, accumulate: Bool = false
    ) {
        guard rows > 0, columns > 0 else { return }
        cblas_sgemv(
            CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), scale, a, Int32(columns), x, 1,
            accumulate ? 1 : 0, y, 1)
    }

    /// `y = aᵀ x (+ y when accumulating)` for the row-major `rows × columns` matrix `a`.
    static func transposedProduct(
        _ a: UnsafePointer<Float>, rows: Int, columns: Int, _ x: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, accumulate: Bool = false
    ) {
        guard rows > 0, columns > 0 else { return }
        cblas_sgemv(
            CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a, Int32(columns), x, 1, accumulate ? 1 : 0, y,
            1)
    }

    /// Solves `a x = b` for the symmetric positive-definite `a` (upper triangle; overwritten);
    /// `b` becomes `x`. Returns false when `a` is not positive definite.
    static func solvePositiveDefinite(_ a: UnsafeMutablePointer<Float>, n: Int, _ b: UnsafeMutablePointer<Float>)
        -> Bool
    {
        // The upper triangle of a row-major matrix is the lower one of the same bytes read
        // column-major: LAPACKE's row-major entry would transpose into a fresh buffer per call.
        LAPACKE_sposv(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), 1, a, Int32(n), b, Int32(n)) == 0
    }
}

extension BLAS {
    /// `scores = Y · x` where `Y` is the row-major `count × factors` item matrix and `x` is
    /// row `row` of the row-major user matrix `users`.
    static func scores(
        items: [Float], count: Int, factors: Int, user users: [Float], row: Int, into scores: inout [Float]
    ) {
        guard count > 0 else { return }
        users.withUnsafeBufferPointer { users in
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(count), Int32(factors), 1, items, Int32(factors),
                users.baseAddress! + row * factors, 1, 0, &scores, 1)
        }
    }
}
