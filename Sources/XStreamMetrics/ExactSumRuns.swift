extension ExactSum {
    /// Terms per split run: few enough that the integer parts cannot overflow (1024 · 2^51 < 2^62).
    static let splitRun = 1024

    /// Adds every term exactly: the same sum as adding them one by one, in about 20 instructions a term
    /// instead of 33 for runs of terms within 2^99 of each other, with no chain of dependent memory updates.
    ///
    /// Each run of terms is split without error at three fixed grids set by its largest term (see
    /// ``addSplitting(_:count:)``): the parts on the grids are summed as integers, two terms at a time, and
    /// reach the limbs once per run; the rare term with bits below the finest grid adds its remainder on its
    /// own. Runs holding an infinity or NaN, or whose largest term is very large or very small, are added
    /// term by term.
    public mutating func add(contentsOf terms: UnsafeBufferPointer<Double>) {
        guard var next = terms.baseAddress else { return }
        let end = next + terms.count
        while next < end {
            let count = min(end - next, Self.splitRun)
            // A run costs at most three additions plus one per term.
            if Int(addsSinceCarry) + count + 3 > Int(Self.addsBetweenCarries) { propagateCarries() }
            if !addSplitting(next, count: count) { addEach(next, count: count) }
            next += count
        }
    }

    /// Adds `count` finite terms by splitting each at three grids, when the run allows it.
    ///
    /// With E the exponent of the run's largest magnitude (every |t| < 2^(E+1)) and g = E − 49, adding
    /// M = 1.5 · 2^(g+52) to a term t rounds it to a multiple of 2^g while staying in M's binade, so
    /// (t + M) − M is that multiple exactly, its quotient by 2^g is the difference of the two bit patterns,
    /// and t minus it is exact and at most 2^(g−1) in magnitude. The remainder is split the same way at
    /// g − 51 and again at g − 102; what is left after that is zero for every term within 2^99 of the
    /// largest, and is added on its own otherwise.
    /// - Returns: false, having added nothing, when the run holds an infinity or NaN, or its largest term is
    ///   outside [2^-923, 2^1020].
    private mutating func addSplitting(_ terms: UnsafePointer<Double>, count: Int) -> Bool {
        typealias Pair = SIMD2<Double>
        typealias Bits = SIMD2<Int64>
        // Two terms at a time; an odd run's last pair is completed by a zero, which changes nothing below.
        let pairs = (count + 1) / 2
        @inline(__always) func pair(_ index: Int) -> Pair {
            2 * index + 1 < count
                ? UnsafeRawPointer(terms + 2 * index).loadUnaligned(as: Pair.self)
                : Pair(terms[2 * index], 0)
        }
        // The largest magnitude, and whether a term is an infinity or NaN: its all-ones exponent plus one
        // carries into the sign bit.
        let magnitudeMask = Bits(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        let exponentMask = Bits(repeating: 0x7FF0_0000_0000_0000)
        let exponentOne = Bits(repeating: 0x0010_0000_0000_0000)
        var largestPair = Pair()
        var specials = Bits()
        for index in 0..<pairs {
            let magnitude = unsafeBitCast(pair(index), to: Bits.self) & magnitudeMask
            let value = unsafeBitCast(magnitude, to: Pair.self)
            largestPair = largestPair.replacing(with: value, where: value .> largestPair)
            specials |= (magnitude & exponentMask) &+ exponentOne
        }
        guard (specials[0] | specials[1]) &>> 63 == 0 else { return false }
        let largest = largestPair.max()
        if largest == 0 { return true }
        let exponent = Int(largest.bitPattern &>> 52) - 1023
        guard exponent >= -923, exponent <= 1020 else { return false }
        let grid0 = exponent - 49
        let grid1 = grid0 - 51
        let grid2 = grid1 - 51
        let magic0 = Self.magic(grid: grid0)
        let magic1 = Self.magic(grid: grid1)
        let magic2 = Self.magic(grid: grid2)

        let shift0 = Pair(repeating: magic0)
        let shift1 = Pair(repeating: magic1)
        let shift2 = Pair(repeating: magic2)
        var bits0 = Bits()
        var bits1 = Bits()
        var bits2 = Bits()
        var leftover = Bits()
        for index in 0..<pairs {
            let t = pair(index)
            let sum0 = t + shift0
            let remainder0 = t - (sum0 - shift0)
            let sum1 = remainder0 + shift1
            let remainder1 = remainder0 - (sum1 - shift1)
            let sum2 = remainder1 + shift2
            let rest = remainder1 - (sum2 - shift2)
            bits0 &+= unsafeBitCast(sum0, to: Bits.self)
            bits1 &+= unsafeBitCast(sum1, to: Bits.self)
            bits2 &+= unsafeBitCast(sum2, to: Bits.self)
            leftover |= unsafeBitCast(rest, to: Bits.self)
        }
        // Each lane added its magic's bit pattern once per pair; what remains is the sum of the quotients.
        let lanes = Int64(2 * pairs)
        @inline(__always) func units(_ sum: Bits, _ magic: Double) -> Int64 {
            sum.wrappedSum() &- lanes &* Int64(bitPattern: magic.bitPattern)
        }
        var rests = 0
        withUnsafeMutablePointer(to: &limbs) { storage in
            let limbs = Self.limbPointer(storage)
            Self.addUnits(units(bits0, magic0), grid: grid0, into: limbs)
            Self.addUnits(units(bits1, magic1), grid: grid1, into: limbs)
            Self.addUnits(units(bits2, magic2), grid: grid2, into: limbs)
            guard leftover != Bits() else { return }
            for j in 0..<count {
                var rest = terms[j]
                rest -= (rest + magic0) - magic0
                rest -= (rest + magic1) - magic1
                rest -= (rest + magic2) - magic2
                if rest != 0 {
                    _ = Self.accumulate(rest, into: limbs)
                    rests += 1
                }
            }
        }
        addsSinceCarry &+= Int32(3 + rests)
        return true
    }

    /// 1.5 · 2^(grid + 52), whose unit in the last place is 2^grid.
    private static func magic(grid: Int) -> Double {
        Double(bitPattern: UInt64(grid + 52 + 1023) << 52 | 1 << 51)
    }

    /// Adds `units` · 2^grid to the limbs (|units| < 2^62, grid ≥ −1074, and grid + 1074 + 95 within the limbs).
    private static func addUnits(_ units: Int64, grid: Int, into limbs: UnsafeMutablePointer<Int64>) {
        let position = grid + 1074
        let index = position >> 5
        // Shifted to a limb boundary the value stays below 2^94: two 32-bit pieces and a signed top.
        var value = Int128(units) << (position & 31)
        for piece in 0..<2 {
            limbs[index + piece] &+= Int64(truncatingIfNeeded: value & 0xFFFF_FFFF)
            value >>= 32
        }
        limbs[index + 2] &+= Int64(truncatingIfNeeded: value)
    }

    /// Adds `count` terms one by one (the caller has made room before the next carry round).
    private mutating func addEach(_ terms: UnsafePointer<Double>, count: Int) {
        addsSinceCarry &+= Int32(count)
        let allFinite = withUnsafeMutablePointer(to: &limbs) { storage in
            let limbs = Self.limbPointer(storage)
            var allFinite = true
            for i in 0..<count where !Self.accumulate(terms[i], into: limbs) { allFinite = false }
            return allFinite
        }
        if !allFinite {
            for i in 0..<count where !terms[i].isFinite { addSpecial(terms[i]) }
        }
    }
}
