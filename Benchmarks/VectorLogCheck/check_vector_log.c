// Checks the vectorised log (Sources/CVectorMath) against the C library's log, bit for bit, and measures its
// accuracy and the library's against 113-bit logq. Built and run by scripts/check-vector-log.
//
//   check_vector_log float32            every positive finite float32 (2^31 − 2^23 inputs, (0, 1] included)
//   check_vector_log random N [SEED]    N random doubles from a mix of ranges (see next_input)
//   check_vector_log accuracy N [SEED]  the same inputs against logq: the kernel's largest relative error and
//                                       the C library's largest error in ulps
//
// Prints counts and exits 1 on any difference.
#include <math.h>
#include <quadmath.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CVectorMath.h"
#include "vector_log_table.h"

enum { BATCH = 4096 };

static uint64_t bits_of(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static double double_of(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

static uint64_t state;
static uint64_t next_random(void) {  // xorshift64*
    state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

/// One input: any positive double (subnormals and huge values included), uniform in (0, 1), within 2^-20 of 1,
/// within a few ulps of 1, tiny, or within a few ulps of a power of two or of a table interval's edge.
static double next_input(void) {
    const uint64_t r = next_random(), kind = r % 8, s = next_random();
    switch (kind) {
    case 0: return double_of(s % 0x7ff0000000000000ULL);
    case 1: return (double)((s >> 11) | 1) * 0x1p-53;
    case 2: return 1 + ((double)(s >> 11) * 0x1p-53 - 0.5) * 0x1p-19;
    case 3: return double_of(bits_of(1.0) + (s % 129) - 64);
    case 4: return double_of((s % 0x0020000000000000ULL) + 1);
    case 5: return double_of(((uint64_t)(s % 2046 + 1) << 52) + (s >> 40) % 17 - 8);
    case 6: {
        const uint64_t edge = CVECTORMATH_LOG_OFFSET + ((s >> 8) % CVECTORMATH_LOG_TABLE_SIZE << (52 - CVECTORMATH_LOG_TABLE_BITS));
        return ldexp(double_of(edge + (s >> 40) % 17 - 8), (int)(s % 2000) - 1000);
    }
    default: return double_of(0x3fe0000000000000ULL + (s >> 12));
    }
}

static int check(const double *x, size_t count, long *mismatches, long *undecided) {
    double out[BATCH];
    cvectormath_log(x, out, count);
    double inPlace[BATCH];
    memcpy(inPlace, x, count * sizeof(double));
    cvectormath_log(inPlace, inPlace, count);
    if (memcmp(inPlace, out, count * sizeof(double)) != 0) {
        printf("MISMATCH between in place and out of place\n");
        ++*mismatches;
    }
    for (size_t i = 0; i < count; i++) {
        const double expected = log(x[i]);
        if (bits_of(out[i]) != bits_of(expected)) {
            if (*mismatches < 20) printf("MISMATCH x=%a kernel=%a library=%a\n", x[i], out[i], expected);
            ++*mismatches;
        }
    }
    for (size_t i = 0; i + 8 <= count; i += 8) {
        double hi[8], lo[8];
        int decided[8];
        cvectormath_log_parts(x + i, hi, lo, decided);
        for (int lane = 0; lane < 8; lane++) *undecided += !decided[lane];
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || !cvectormath_has_vector_kernels()) {
        fprintf(stderr, "usage: check_vector_log float32 | random N [SEED] | accuracy N [SEED] (needs AVX-512)\n");
        return 2;
    }
    long mismatches = 0, undecided = 0, total = 0;
    double x[BATCH];
    state = argc > 3 ? strtoull(argv[3], NULL, 10) | 1 : 0x9E3779B97F4A7C15ULL;
    if (strcmp(argv[1], "float32") == 0) {
        size_t n = 0;
        for (uint32_t b = 1; b < 0x7f800000u; b++) {
            float f;
            memcpy(&f, &b, 4);
            x[n++] = f;
            if (n == BATCH || b == 0x7f7fffffu) { check(x, n, &mismatches, &undecided); total += n; n = 0; }
        }
    } else if (strcmp(argv[1], "random") == 0 && argc > 2) {
        const long count = atol(argv[2]);
        for (long done = 0; done < count; done += BATCH) {
            const size_t n = count - done < BATCH ? (size_t)(count - done) : BATCH;
            for (size_t i = 0; i < n; i++) x[i] = next_input();
            check(x, n, &mismatches, &undecided);
            total += n;
        }
    } else if (strcmp(argv[1], "accuracy") == 0 && argc > 2) {
        const long count = atol(argv[2]);
        double worstKernel = 0, worstLibrary = 0, worstKernelX = 0, worstLibraryX = 0;
        for (long done = 0; done < count; done += 8) {
            double in[8], hi[8], lo[8];
            int decided[8];
            for (int lane = 0; lane < 8; lane++) in[lane] = next_input();
            cvectormath_log_parts(in, hi, lo, decided);
            for (int lane = 0; lane < 8; lane++) {
                const double v = in[lane];
                if (!(v >= 0x1p-1022) || v == 1 || isinf(v)) continue;
                const __float128 exact = logq((__float128)v);
                const double kernel = (double)fabsq(((__float128)hi[lane] + lo[lane] - exact) / exact);
                if (kernel > worstKernel) { worstKernel = kernel; worstKernelX = v; }
                const double library = log(v);
                const double ulp = nextafter(fabs(library), INFINITY) - fabs(library);
                const double error = (double)fabsq(((__float128)library - exact) / ulp);
                if (error > worstLibrary) { worstLibrary = error; worstLibraryX = v; }
                undecided += !decided[lane];
                total++;
            }
        }
        printf("kernel: largest relative error 2^%.2f (x=%a); bound used 2^-60\n", log2(worstKernel), worstKernelX);
        printf("library: largest error %.4f ulp (x=%a); bound used %.2f\n", worstLibrary, worstLibraryX,
               CVECTORMATH_LOG_LIBRARY_ULPS);
        if (worstKernel > 0x1p-60 || worstLibrary > CVECTORMATH_LOG_LIBRARY_ULPS) mismatches++;
    } else {
        fprintf(stderr, "check_vector_log: unknown mode %s\n", argv[1]);
        return 2;
    }
    printf("%s: %ld inputs, %ld differences, %.2f%% left to the library\n", argv[1], total, mismatches,
           100.0 * (double)undecided / (double)total);
    return mismatches == 0 ? 0 : 1;
}
