/// Correctly rounded quotients of non-negative integers.
package enum ExactRatio {
    /// a / b rounded to the nearest double, ties to even, as Python's `float(Fraction(a, b))`.
    ///
    /// Operands below 2^53 are doubles exactly, and one IEEE division rounds their quotient correctly. Larger
    /// ones take an integer division that yields at least 64 significant bits of the quotient, the remainder
    /// kept as a sticky bit, then a single rounding.
    /// - Precondition: b > 0 and a, b < 2^127.
    @inline(__always)
    package static func quotient(_ a: UInt128, _ b: UInt128) -> Double {
        let exactLimit: UInt128 = 1 << 53
        if a < exactLimit, b < exactLimit { return Double(UInt64(a)) / Double(UInt64(b)) }
        return wideQuotient(a, b)
    }

    private static func wideQuotient(_ a: UInt128, _ b: UInt128) -> Double {
        precondition(b > 0 && a >> 127 == 0 && b >> 127 == 0, "a ratio's operands must be below 2^127")
        guard a > 0 else { return 0 }
        let aBits = 128 - a.leadingZeroBitCount
        let bBits = 128 - b.leadingZeroBitCount
        // q = floor(a·2^shift / b) lies in [2^64, 2^66): 65 or 66 significant bits.
        let shift = 65 - (aBits - bBits)
        var quotient: UInt128
        var remainder: UInt128
        if shift >= 0 {
            let high = shift == 0 ? 0 : a >> (128 - shift)
            let low = a << shift
            (quotient, remainder) = b.dividingFullWidth((high: high, low: UInt128.Magnitude(low)))
        } else {
            // b·2^−shift has aBits − 65 < 63 bits more than b: it fits.
            (quotient, remainder) = a.quotientAndRemainder(dividingBy: b << -shift)
        }
        if remainder != 0 { quotient |= 1 }
        // Two more low bits fold into the sticky bit, far below the 53 bits kept: one rounding, in the conversion.
        let folded = UInt64(quotient >> 2) | (quotient & 3 != 0 ? 1 : 0)
        return Double(folded) * Double(sign: .plus, exponent: 2 - shift, significand: 1)
    }
}
