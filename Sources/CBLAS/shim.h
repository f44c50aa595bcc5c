// OpenBLAS (Debian's libopenblas-dev: cblas.h with openblas_set_num_threads) and the reference
// LAPACKE (liblapacke-dev), which Debian links against the same OpenBLAS: one thread pool.
#include <cblas.h>
#include <lapacke.h>

// A hint to bring the cache line at `address` closer before it is read: ALS gathers factor
// rows at random, which the hardware prefetcher cannot foresee, and Swift has no prefetch.
static inline void marquee_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#endif
}
