/// One distinct score of a sorted run and how many positive and negative rows have it.
///
/// The score is held as its ``key(_:)``: the order-preserving 64-bit pattern of the double, so runs sort and
/// merge as unsigned integers.
package struct ScoreEntry: Sendable, Equatable {
    /// The score's order-preserving pattern: a < b as doubles exactly when key(a) < key(b).
    package var key: UInt64
    /// Rows labelled 1 with this score.
    package var positives: UInt64
    /// Rows labelled 0 with this score.
    package var negatives: UInt64

    package init(key: UInt64, positives: UInt64, negatives: UInt64) {
        self.key = key
        self.positives = positives
        self.negatives = negatives
    }

    /// The order-preserving pattern of a score: the sign bit set for non-negative doubles, every bit flipped
    /// for negative ones. −0.0 and 0.0 are the same score (both give the pattern of +0.0); NaN never comes here
    /// (it is an invalid row).
    @inline(__always)
    package static func key(_ score: Double) -> UInt64 {
        // −0.0 + 0.0 is +0.0 when rounding to nearest, and every other double is unchanged.
        let bits = (score + 0.0).bitPattern
        return bits >> 63 == 0 ? bits | (1 << 63) : ~bits
    }

    /// The score whose pattern is `key` (the inverse of ``key(_:)``).
    package static func score(_ key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }
}
