#ifndef CVECTORMATH_H
#define CVECTORMATH_H

#include <stddef.h>

/// Whether this CPU and system can run the vector kernels: x86-64 with AVX-512 F and DQ, the vector state
/// enabled by the system. The kernels must not be called otherwise.
int cvectormath_has_vector_kernels(void);

/// The largest error of the C library's `log`, in units in the last place, that `cvectormath_log` relies on:
/// glibc documents at most 0.519 for its implementation (since 2.28, with and without FMA); the margin is ours.
#define CVECTORMATH_LOG_LIBRARY_ULPS 0.53

/// Sets `out[i]` to `log(x[i])` for every `i < count`: the very double the C library's `log` returns.
///
/// Eight inputs at a time are evaluated to a double-double hi + lo within 2^-60·|hi| of log x. Where that
/// decides the result, hi is stored: it is the correctly rounded value and log x lies farther from a rounding
/// boundary than `CVECTORMATH_LOG_LIBRARY_ULPS` − ½ ulp, so the C library rounds it to hi too. Every other
/// input (not a positive normal double, 1, a result that is a power of two, a result near a boundary: about 8%
/// of random inputs) is passed to the C library's `log`. `x` and `out` may be the same array.
/// Requires `cvectormath_has_vector_kernels()`.
void cvectormath_log(const double *x, double *out, size_t count);

/// For the exhaustive checks: the kernel's hi and lo for eight inputs, and for each whether hi decides the
/// result (1) or the input goes to the C library (0). Requires `cvectormath_has_vector_kernels()`.
void cvectormath_log_parts(const double x[8], double hi[8], double lo[8], int decided[8]);

#endif
