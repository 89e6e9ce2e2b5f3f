extension ExactSum {
    /// The correctly rounded value of `high + low · 2^-(32·shift)`: the two exact sums are laid side by side
    /// in one wide integer and rounded once (to nearest, ties to even, onto the double grid, subnormals
    /// included).
    ///
    /// Infinities and NaNs of either follow IEEE addition, as in ``value``.
    static func roundedValue(_ high: ExactSum, plus low: ExactSum, scaledDownByLimbs shift: Int) -> Double {
        let nan = high.sawNaN || low.sawNaN
        let positive = high.sawPositiveInfinity || low.sawPositiveInfinity
        let negative = high.sawNegativeInfinity || low.sawNegativeInfinity
        if nan || (positive && negative) { return .nan }
        if positive { return .infinity }
        if negative { return -.infinity }
        var a = high
        var b = low
        a.propagateCarries()
        b.propagateCarries()
        let count = limbCount + shift
        var wide = [Int64](repeating: 0, count: count + 1)
        for i in 0..<limbCount {
            wide[i] &+= b.limbs[i]
            wide[i + shift] &+= a.limbs[i]
        }
        func carry() {
            for i in 0..<count {
                let c = wide[i] >> 32
                wide[i] &-= c << 32
                wide[i + 1] &+= c
            }
        }
        carry()
        let isNegative = wide[count] < 0
        if isNegative {
            for i in 0...count { wide[i] = 0 &- wide[i] }
            carry()
        }
        // Every limb is now in [0, 2^32) except the top one, which is small and nonnegative.
        var words = [UInt32](repeating: 0, count: count + 2)
        for i in 0..<count { words[i] = UInt32(truncatingIfNeeded: wide[i]) }
        let top = UInt64(bitPattern: wide[count])
        words[count] = UInt32(truncatingIfNeeded: top)
        words[count + 1] = UInt32(truncatingIfNeeded: top >> 32)
        guard let topWord = words.lastIndex(where: { $0 != 0 }) else { return 0 }
        let bitLength = topWord * 32 + (32 - words[topWord].leadingZeroBitCount)
        func bit(_ k: Int) -> UInt64 { k < 0 ? 0 : UInt64((words[k >> 5] >> UInt32(k & 31)) & 1) }
        // Bit k stands for 2^(k − base); the double grid's finest bit is 2^-1074, bit `subnormalBit`.
        let subnormalBit = 32 * shift
        let base = 1074 + subnormalBit
        let lowest = max(bitLength - 53, subnormalBit)
        var significand: UInt64 = 0
        if bitLength > lowest {
            for k in stride(from: bitLength - 1, through: lowest, by: -1) { significand = significand << 1 | bit(k) }
        }
        let roundBit = bit(lowest - 1)
        var sticky = false
        for k in 0..<max(lowest - 1, 0) where bit(k) != 0 {
            sticky = true
            break
        }
        var exponent = lowest - base
        if roundBit == 1, sticky || significand & 1 == 1 {
            significand += 1
            if significand == 1 << 53 {
                significand >>= 1
                exponent += 1
            }
        }
        let sign: FloatingPointSign = isNegative ? .minus : .plus
        return Double(sign: sign, exponent: exponent, significand: Double(significand))
    }
}
