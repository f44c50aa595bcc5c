// OpenBLAS (Debian's libopenblas-dev: cblas.h with openblas_set_num_threads) and the reference
// LAPACKE (liblapacke-dev), which Debian links against the same OpenBLAS: one thread pool.
#include <cblas.h>
#include <lapacke.h>
