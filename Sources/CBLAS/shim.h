// OpenBLAS (Debian's libopenblas-dev: cblas.h with openblas_set_num_threads) and the reference
// LAPACKE (liblapacke-dev), which Debian links against the same OpenBLAS: one thread pool.
#include <cblas.h>
#include <lapacke.h>

// OpenBLAS's own: stops its thread pool (started when the library loads, one thread per extra
// core, each waiting for work by spinning on sched_yield). A later call that wants more than
// one thread starts the pool again. Exported by Debian's OpenBLAS, not declared in cblas.h.
int blas_thread_shutdown_(void);

// A hint to bring the cache line at `address` closer before it is read: ALS gathers factor
// rows at random, which the hardware prefetcher cannot foresee, and Swift has no prefetch.
static inline void marquee_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#endif
}
