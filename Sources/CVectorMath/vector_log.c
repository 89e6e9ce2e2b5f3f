#include "CVectorMath.h"

#include <math.h>
#include <stdint.h>

#include "vector_log_table.h"

#if defined(__x86_64__)

#include <cpuid.h>
#include <immintrin.h>

// The double-double arithmetic below needs every operation rounded as written.
#pragma clang fp contract(off)

int cvectormath_has_vector_kernels(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int osxsave = 1u << 27;
    if (!(ecx & osxsave)) return 0;
    unsigned int xcr0Low, xcr0High;
    __asm__("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
    // The system saves the SSE, AVX, opmask and both halves of the ZMM state.
    if ((xcr0Low & 0xe6) != 0xe6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int avx512f = 1u << 16, avx512dq = 1u << 17;
    return (ebx & (avx512f | avx512dq)) == (avx512f | avx512dq);
}

#define TARGET __attribute__((target("avx512f,avx512dq")))
#define KERNEL TARGET __attribute__((always_inline)) static inline

/// The table, sixteen entries per constant in two registers each.
typedef struct {
    __m512d inverse[2], minusLogHi[2], minusLogLo[2];
} LogTable;

KERNEL LogTable load_table(void) {
    LogTable table;
    for (int half = 0; half < 2; half++) {
        table.inverse[half] = _mm512_loadu_pd(cvectormath_log_inverse + 8 * half);
        table.minusLogHi[half] = _mm512_loadu_pd(cvectormath_log_minus_log_hi + 8 * half);
        table.minusLogLo[half] = _mm512_loadu_pd(cvectormath_log_minus_log_lo + 8 * half);
    }
    return table;
}

/// a + b = s + e exactly when a is 0 or |a| ≥ |b| (Dekker's Fast2Sum).
KERNEL void fast_two_sum(__m512d a, __m512d b, __m512d *s, __m512d *e) {
    *s = _mm512_add_pd(a, b);
    *e = _mm512_sub_pd(b, _mm512_sub_pd(*s, a));
}

/// log(x) ≈ hi + lo for eight inputs; `decided` has the lanes where hi is the C library's result.
///
/// x = 2^k·z with z in [a, 2a), a ≈ √½, and z in interval i of the table: log x = k·log 2 − log(c⁻¹) + log1p(r)
/// with r = z·c⁻¹ − 1 computed exactly as a double-double rHi + rLo (|r| ≤ 2^-5), log1p by its Taylor series to
/// r¹⁴ (truncation below 2^-73 relative), the leading terms summed exactly. The largest rounding error left is
/// the r³ term's, about 2^-63 relative; the bound used is 2^-60.
KERNEL __m512d log8(__m512d x, const LogTable *table, __m512d *lo, __mmask8 *decided) {
    const __m512i ix = _mm512_castpd_si512(x);
    const __mmask8 normal = _mm512_cmpgt_epi64_mask(ix, _mm512_set1_epi64(0x000fffffffffffffLL))
        & _mm512_cmplt_epi64_mask(ix, _mm512_set1_epi64(0x7ff0000000000000LL));
    const __m512i t = _mm512_sub_epi64(ix, _mm512_set1_epi64((long long)CVECTORMATH_LOG_OFFSET));
    const __m512i index = _mm512_srli_epi64(t, 52 - CVECTORMATH_LOG_TABLE_BITS);
    const __m512d z = _mm512_castsi512_pd(
        _mm512_sub_epi64(ix, _mm512_and_si512(t, _mm512_set1_epi64((long long)0xfff0000000000000ULL))));
    const __m512d k = _mm512_cvtepi64_pd(_mm512_srai_epi64(t, 52));
    const __m512d inverse = _mm512_permutex2var_pd(table->inverse[0], index, table->inverse[1]);
    const __m512d minusLogHi = _mm512_permutex2var_pd(table->minusLogHi[0], index, table->minusLogHi[1]);
    const __m512d minusLogLo = _mm512_permutex2var_pd(table->minusLogLo[0], index, table->minusLogLo[1]);

    // r = z·c⁻¹ − 1 = rHi + rLo exactly: the product exactly as ph + pl, ph − 1 exact (ph is within 2^-5 of 1),
    // and 0 or at least an ulp of ph, so not smaller than pl.
    const __m512d one = _mm512_set1_pd(1);
    const __m512d ph = _mm512_mul_pd(z, inverse);
    const __m512d pl = _mm512_fmsub_pd(z, inverse, ph);
    __m512d rHi, rLo;
    fast_two_sum(_mm512_sub_pd(ph, one), pl, &rHi, &rLo);

    // log1p(rHi + rLo) = rHi − rHi²/2 + rHi³·P(rHi) + rLo·(1 − rHi + rHi²) + O(2^-67·r), with
    // P(r) = 1/3 − r/4 + r²/5 − … − r¹¹/14.
    const __m512d squareHi = _mm512_mul_pd(rHi, rHi);
    const __m512d squareLo = _mm512_fmsub_pd(rHi, rHi, squareHi);
    __m512d p = _mm512_set1_pd(-1.0 / 14);
    for (int n = 13; n >= 3; n--) p = _mm512_fmadd_pd(p, rHi, _mm512_set1_pd((n % 2 ? 1.0 : -1.0) / n));
    const __m512d cubicTail = _mm512_mul_pd(_mm512_mul_pd(rHi, squareHi), p);

    // The leading terms summed exactly, each partial sum 0 or larger than the next term: |k·log 2| ≥ 0.69 >
    // |log c⁻¹|; |log c⁻¹| > 0.03 > |r| except for the interval around 1, where it is 0; |r| > r²/2.
    const __m512d minusHalf = _mm512_set1_pd(-0.5);
    __m512d s1, e1, s2, e2, s3, e3;
    fast_two_sum(_mm512_mul_pd(k, _mm512_set1_pd(CVECTORMATH_LOG_LN2_HI)), minusLogHi, &s1, &e1);
    fast_two_sum(s1, rHi, &s2, &e2);
    fast_two_sum(s2, _mm512_mul_pd(minusHalf, squareHi), &s3, &e3);
    __m512d low = _mm512_fmadd_pd(k, _mm512_set1_pd(CVECTORMATH_LOG_LN2_LO), minusLogLo);
    low = _mm512_add_pd(low, _mm512_add_pd(e1, _mm512_add_pd(e2, e3)));
    low = _mm512_add_pd(low, _mm512_mul_pd(rLo, _mm512_add_pd(_mm512_sub_pd(one, rHi), squareHi)));
    low = _mm512_add_pd(low, _mm512_fmadd_pd(minusHalf, squareLo, cubicTail));

    // hi + lo = s3 + low exactly (|s3| ≥ |low|).
    const __m512d hi = _mm512_add_pd(s3, low);
    *lo = _mm512_sub_pd(low, _mm512_sub_pd(hi, s3));

    // With |error| ≤ 2^-60·|hi| ≤ 2^-7 ulp(hi): log x is farther than (ULPS − ½) ulp from the midpoint next to hi
    // when |lo| < (1 − ULPS − 2^-7) ulp, so the C library rounds it to hi too. ulp(hi) = 2^-52 · 2^exponent(hi);
    // a power of two (a smaller ulp below it) and hi = 0 (x = 1) are left to the library.
    const __m512i hiBits = _mm512_castpd_si512(hi);
    const __m512d binade = _mm512_castsi512_pd(_mm512_and_si512(hiBits, _mm512_set1_epi64(0x7ff0000000000000LL)));
    const __m512d bound = _mm512_mul_pd(
        binade, _mm512_set1_pd((1 - CVECTORMATH_LOG_LIBRARY_ULPS - 0x1p-7) * 0x1p-52));
    const __mmask8 powerOfTwo = _mm512_testn_epi64_mask(hiBits, _mm512_set1_epi64(0x000fffffffffffffLL));
    *decided = normal & ~powerOfTwo & _mm512_cmp_pd_mask(_mm512_abs_pd(*lo), bound, _CMP_LT_OQ);
    return hi;
}

/// Inputs per pass: the vector loop runs without a call, so its constants stay in registers; the inputs it
/// leaves undecided are then passed to the C library.
#define PASS 256

TARGET static void log_pass(const double *x, double *out, size_t count) {
    const LogTable table = load_table();
    unsigned char undecided[PASS / 8];
    const size_t groups = (count + 7) / 8;
    for (size_t group = 0; group < groups; group++) {
        const size_t start = 8 * group;
        const __mmask8 live = count - start >= 8 ? 0xff : (__mmask8)((1u << (count - start)) - 1);
        __m512d lo;
        __mmask8 decided;
        // Lanes past the end read 2, which is evaluated and never stored; undecided lanes are not stored either,
        // so that their input is still there when out is x.
        const __m512d hi = log8(_mm512_mask_loadu_pd(_mm512_set1_pd(2), live, x + start), &table, &lo, &decided);
        _mm512_mask_storeu_pd(out + start, live & decided, hi);
        undecided[group] = (unsigned char)(live & ~decided);
    }
    for (size_t group = 0; group < groups; group++) {
        for (unsigned int lanes = undecided[group]; lanes != 0; lanes &= lanes - 1) {
            const size_t i = 8 * group + (size_t)__builtin_ctz(lanes);
            out[i] = log(x[i]);
        }
    }
}

void cvectormath_log(const double *x, double *out, size_t count) {
    for (size_t start = 0; start < count; start += PASS) {
        log_pass(x + start, out + start, count - start < PASS ? count - start : PASS);
    }
}

TARGET void cvectormath_log_parts(const double x[8], double hi[8], double lo[8], int decided[8]) {
    const LogTable table = load_table();
    __m512d low;
    __mmask8 mask;
    _mm512_storeu_pd(hi, log8(_mm512_loadu_pd(x), &table, &low, &mask));
    _mm512_storeu_pd(lo, low);
    for (int lane = 0; lane < 8; lane++) decided[lane] = (mask >> lane) & 1;
}

#else

int cvectormath_has_vector_kernels(void) { return 0; }

void cvectormath_log(const double *x, double *out, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = log(x[i]);
}

void cvectormath_log_parts(const double x[8], double hi[8], double lo[8], int decided[8]) {
    for (int lane = 0; lane < 8; lane++) {
        hi[lane] = log(x[lane]);
        lo[lane] = 0;
        decided[lane] = 0;
    }
}

#endif
