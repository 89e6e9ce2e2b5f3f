/// The exact sum of any number of doubles, rounded correctly only when read.
///
/// A fixed-point superaccumulator over the whole double range (after Neal, "Fast exact summation using
/// small and large superaccumulators", 2015): every finite double is an integer multiple of 2^-1074,
/// so the running sum is kept as a wide integer in 67 signed 64-bit limbs of 32 bits each. Adding a
/// double touches two limbs, with no rounding and no branch on the data beyond special values; carries
/// are propagated once every ``addsBetweenCarries`` additions. The result is therefore independent of
/// the order of additions and of how the terms were split between accumulators, and ``value`` is the
/// correctly rounded (to nearest, ties to even) value of the exact sum — the same double as Python's
/// `math.fsum`.
///
/// The state is a plain value, `Codable` and mergeable with ``add(_:)-(ExactSum)`` without losing a bit,
/// so partial sums can be computed anywhere and combined later.
///
/// Complexity: O(1) per added double; O(limbs) to merge or to read ``value``.
public struct ExactSum: Sendable {
    /// Limbs of 32 bits: 2098 bits of range for finite doubles, plus headroom for carries.
    @usableFromInline static let limbCount = 67
    /// Each addition puts less than 2^52 into a limb, so 2^11 - 1 additions between carry propagations
    /// cannot overflow 63 bits.
    @usableFromInline static let addsBetweenCarries: Int32 = 2047

    /// Limb `i` holds a signed multiple of 2^(32·i - 1074).
    @usableFromInline var limbs: InlineArray<67, Int64>
    @usableFromInline var addsSinceCarry: Int32
    /// Infinities and NaNs are not summed; they are tracked here and decide ``value`` the IEEE way.
    @usableFromInline var sawPositiveInfinity: Bool
    @usableFromInline var sawNegativeInfinity: Bool
    @usableFromInline var sawNaN: Bool

    /// An empty sum, whose value is +0.
    public init() {
        limbs = InlineArray(repeating: 0)
        addsSinceCarry = 0
        sawPositiveInfinity = false
        sawNegativeInfinity = false
        sawNaN = false
    }

    /// Adds `x` exactly.
    @inlinable @inline(__always)
    public mutating func add(_ x: Double) {
        if addsSinceCarry == Self.addsBetweenCarries { propagateCarries() }
        addsSinceCarry &+= 1
        let isFinite = withUnsafeMutablePointer(to: &limbs) { Self.accumulate(x, into: Self.limbPointer($0)) }
        if !isFinite { addSpecial(x) }
    }

    @usableFromInline @inline(__always)
    static func limbPointer(_ storage: UnsafeMutablePointer<InlineArray<67, Int64>>) -> UnsafeMutablePointer<Int64> {
        // An InlineArray is laid out as its elements, one after another.
        UnsafeMutableRawPointer(storage).assumingMemoryBound(to: Int64.self)
    }

    /// Adds a finite `x` to the limbs, with no branch on its value; adds nothing for an infinity or NaN.
    /// - Returns: whether `x` was finite.
    @inlinable @inline(__always)
    static func accumulate(_ x: Double, into limbs: UnsafeMutablePointer<Int64>) -> Bool {
        let bits = x.bitPattern
        let biasedExponent = (bits &>> 52) & 0x7FF
        if biasedExponent == 0x7FF { return false }
        // x = mantissa · 2^(shift − 1074). Normal numbers (biased exponent 1...2046) have the implicit bit
        // and shift = exponent − 1; zeros and subnormals (exponent 0) have neither.
        let isNormal = (biasedExponent &+ 0x7FF) &>> 11
        let mantissa = (bits & 0x000F_FFFF_FFFF_FFFF) | (isNormal &<< 52)
        let shift = biasedExponent &- isNormal
        // Split the shifted mantissa across two limbs; shift ≤ 2045, so the limbs are 0...64 of 67.
        let index = Int(truncatingIfNeeded: shift &>> 5)
        let low = shift & 31
        let sign = Int64(bitPattern: bits) &>> 63
        let lowPart = Int64(truncatingIfNeeded: UInt32(truncatingIfNeeded: mantissa &<< low))
        let highPart = Int64(bitPattern: mantissa &>> (32 &- low))
        limbs[index] &+= (lowPart ^ sign) &- sign
        limbs[index &+ 1] &+= (highPart ^ sign) &- sign
        return true
    }

    /// Adds every term of another exact sum, exactly.
    public mutating func add(_ other: ExactSum) {
        propagateCarries()
        var other = other
        other.propagateCarries()
        for i in 0..<Self.limbCount { limbs[i] &+= other.limbs[i] }
        propagateCarries()
        sawPositiveInfinity = sawPositiveInfinity || other.sawPositiveInfinity
        sawNegativeInfinity = sawNegativeInfinity || other.sawNegativeInfinity
        sawNaN = sawNaN || other.sawNaN
    }

    @usableFromInline
    mutating func addSpecial(_ x: Double) {
        if x.isNaN {
            sawNaN = true
        } else if x > 0 {
            sawPositiveInfinity = true
        } else {
            sawNegativeInfinity = true
        }
    }

    /// Brings limbs 0...65 into [0, 2^32), moving the excess upward; limb 66 keeps the sign.
    @usableFromInline
    mutating func propagateCarries() {
        for i in 0..<(Self.limbCount - 1) {
            let carry = limbs[i] >> 32
            limbs[i] &-= carry << 32
            limbs[i + 1] &+= carry
        }
        addsSinceCarry = 0
    }

    /// The exact sum rounded to the nearest double (ties to even); +0 for an empty or zero sum.
    ///
    /// Infinities and NaNs follow IEEE addition: any NaN, or both infinities, give NaN; one infinity gives
    /// that infinity. A finite sum too large for a double gives an infinity of its sign.
    public var value: Double {
        if sawNaN || (sawPositiveInfinity && sawNegativeInfinity) { return .nan }
        if sawPositiveInfinity { return .infinity }
        if sawNegativeInfinity { return -.infinity }
        var copy = self
        copy.propagateCarries()
        let isNegative = copy.limbs[Self.limbCount - 1] < 0
        if isNegative {
            for i in 0..<Self.limbCount { copy.limbs[i] = 0 &- copy.limbs[i] }
            copy.propagateCarries()
        }
        // Magnitude as 32-bit words, least significant first; the top limb may hold more than 32 bits.
        var words = [UInt32](repeating: 0, count: Self.limbCount + 1)
        for i in 0..<(Self.limbCount - 1) { words[i] = UInt32(truncatingIfNeeded: copy.limbs[i]) }
        let top = UInt64(bitPattern: copy.limbs[Self.limbCount - 1])
        words[Self.limbCount - 1] = UInt32(truncatingIfNeeded: top)
        words[Self.limbCount] = UInt32(truncatingIfNeeded: top >> 32)
        guard let topWord = words.lastIndex(where: { $0 != 0 }) else { return 0 }
        let bitLength = topWord * 32 + (32 - words[topWord].leadingZeroBitCount)
        func bit(_ k: Int) -> UInt64 { UInt64((words[k >> 5] >> UInt32(k & 31)) & 1) }
        let sign: FloatingPointSign = isNegative ? .minus : .plus
        if bitLength <= 53 {
            var significand: UInt64 = 0
            for k in stride(from: bitLength - 1, through: 0, by: -1) { significand = significand << 1 | bit(k) }
            return Double(sign: sign, exponent: -1074, significand: Double(significand))
        }
        var significand: UInt64 = 0
        let lowest = bitLength - 53
        for k in stride(from: bitLength - 1, through: lowest, by: -1) { significand = significand << 1 | bit(k) }
        let roundBit = bit(lowest - 1)
        var sticky = false
        for k in 0..<(lowest - 1) where bit(k) != 0 {
            sticky = true
            break
        }
        var exponent = lowest - 1074
        if roundBit == 1, sticky || significand & 1 == 1 {
            significand += 1
            if significand == 1 << 53 {
                significand >>= 1
                exponent += 1
            }
        }
        return Double(sign: sign, exponent: exponent, significand: Double(significand))
    }
}

extension ExactSum: Equatable {
    /// Two sums are equal when they hold the same exact value and the same special values.
    public static func == (lhs: ExactSum, rhs: ExactSum) -> Bool {
        var left = lhs
        var right = rhs
        left.propagateCarries()
        right.propagateCarries()
        for i in 0..<limbCount where left.limbs[i] != right.limbs[i] { return false }
        return left.sawPositiveInfinity == right.sawPositiveInfinity
            && left.sawNegativeInfinity == right.sawNegativeInfinity && left.sawNaN == right.sawNaN
    }
}

extension ExactSum: Codable {
    private enum CodingKeys: String, CodingKey {
        case limbs, positiveInfinity, negativeInfinity, nan
    }

    /// Decodes a sum written by ``encode(to:)``: 67 normalized limbs and the special-value flags.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stored = try container.decode([Int64].self, forKey: .limbs)
        guard stored.count == Self.limbCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .limbs, in: container, debugDescription: "expected \(Self.limbCount) limbs")
        }
        self.init()
        for i in 0..<Self.limbCount { limbs[i] = stored[i] }
        propagateCarries()
        sawPositiveInfinity = try container.decode(Bool.self, forKey: .positiveInfinity)
        sawNegativeInfinity = try container.decode(Bool.self, forKey: .negativeInfinity)
        sawNaN = try container.decode(Bool.self, forKey: .nan)
    }

    /// Encodes the normalized limbs and the special-value flags: nothing of the exact sum is lost.
    public func encode(to encoder: any Encoder) throws {
        var copy = self
        copy.propagateCarries()
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode((0..<Self.limbCount).map { copy.limbs[$0] }, forKey: .limbs)
        try container.encode(sawPositiveInfinity, forKey: .positiveInfinity)
        try container.encode(sawNegativeInfinity, forKey: .negativeInfinity)
        try container.encode(sawNaN, forKey: .nan)
    }
}
