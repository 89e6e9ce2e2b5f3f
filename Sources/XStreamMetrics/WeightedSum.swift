#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exact sum of products w·t of doubles, rounded correctly only when read.
///
/// Each product is split without error into p + e with an FMA (`p = w*t; e = fma(w, t, -p)`), which is exact
/// when ulp(w)·ulp(t) ≥ 2^-1074, i.e. when the exponents of w and t add up to at least −970. Below that, the
/// product may have bits under the subnormal grid: both factors are then scaled up by 2^608 (exactly, as such
/// factors are far from overflowing) and the split product is added to a second ``ExactSum`` that stands for
/// 2^-1216 times its value. ``value`` rounds the sum of both once, so products far below the smallest
/// subnormal still decide the rounding of the whole (as Python's `Fraction` sums do).
///
/// A zero weight contributes nothing (0·x counts as 0, even for an infinite x). A product too large for a
/// double is an infinity, so such a sum reads as an infinity.
public struct WeightedSum: Sendable, Equatable {
    /// The scaled part stands for 2^-(32·scaleLimbs) times its value.
    @usableFromInline static let scaleLimbs = 38
    /// Each factor of a tiny product is multiplied by 2^(16·scaleLimbs).
    @usableFromInline static let factorScale = 0x1p608

    /// Products whose two-product split is exact.
    @usableFromInline var main = ExactSum()
    /// Tiny products, scaled by 2^1216.
    @usableFromInline var tiny = ExactSum()

    /// An empty sum, whose value is +0.
    public init() {}

    /// Adds w·t exactly.
    @inlinable @inline(__always)
    public mutating func add(weight w: Double, term t: Double) {
        if w == 0 { return }
        let p = w * t
        // Finite nonzero factors whose exponents add up to less than −970 may leave bits below 2^-1074.
        if p.isFinite, t != 0, w.exponent + t.exponent < -970 {
            addTiny(w, t)
            return
        }
        main.add(p)
        if p.isFinite { main.add(fma(w, t, -p)) }
    }

    /// Adds w_i·t_i for every i < `count` exactly, each product to the same part of the sum as
    /// ``add(weight:term:)`` one by one puts it: the products' rounded values and their errors go to the sum as
    /// two runs. The products are split in a loop without branches; a block holding a zero weight, an infinite
    /// product or a product below 2^-968 is added one by one instead (every product of 2^-968 or more has an
    /// exponent sum of at least −970, so its split is exact and lands where one by one puts it).
    /// - Parameter scratch: Room for `2 · count` doubles.
    mutating func add(
        weights: UnsafePointer<Double>, terms: UnsafePointer<Double>, count: Int, scratch: UnsafeMutablePointer<Double>
    ) {
        let rounded = scratch
        let errors = scratch + count
        var unusual = false
        for i in 0..<count {
            let w = weights[i]
            let t = terms[i]
            let p = w * t
            rounded[i] = p
            errors[i] = fma(w, t, -p)
            unusual = unusual || !(abs(p) >= 0x1p-968 && abs(p) <= .greatestFiniteMagnitude)
        }
        if unusual {
            for i in 0..<count { add(weight: weights[i], term: terms[i]) }
            return
        }
        main.add(contentsOf: UnsafeBufferPointer(start: rounded, count: count))
        main.add(contentsOf: UnsafeBufferPointer(start: errors, count: count))
    }

    @usableFromInline
    mutating func addTiny(_ w: Double, _ t: Double) {
        let a = w * Self.factorScale
        let b = t * Self.factorScale
        let p = a * b
        tiny.add(p)
        tiny.add(fma(a, b, -p))
    }

    /// Adds every product of another sum, exactly.
    public mutating func add(_ other: WeightedSum) {
        main.add(other.main)
        tiny.add(other.tiny)
    }

    /// The exact sum rounded to the nearest double (ties to even); +0 for an empty or zero sum.
    public var value: Double { ExactSum.roundedValue(main, plus: tiny, scaledDownByLimbs: Self.scaleLimbs) }
}

extension WeightedSum: Codable {
    private enum CodingKeys: String, CodingKey {
        case main, tiny
    }

    /// Decodes a sum written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        main = try container.decode(ExactSum.self, forKey: .main)
        tiny = try container.decode(ExactSum.self, forKey: .tiny)
    }

    /// Encodes both exact parts: nothing of the sum is lost.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(main, forKey: .main)
        try container.encode(tiny, forKey: .tiny)
    }
}
