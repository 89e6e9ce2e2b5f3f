/// Least-significant-digit radix sort of 64-bit keys, 11 bits a pass (six passes at most).
///
/// The histograms of all six digits are counted in one pass first; a digit every key shares (the sign and
/// exponent bits of probabilities, the low bits of widened float32 scores) needs no pass. O(n) time per pass,
/// and `scratch` as large as the keys.
package enum RadixSort {
    private static let digitBits: UInt64 = 11
    private static let digits = 6
    private static let buckets = 1 << 11
    private static let mask = UInt64(buckets - 1)

    /// Sorts `keys` ascending, using `scratch` (resized as needed, contents left undefined).
    package static func sort(_ keys: inout [UInt64], scratch: inout [UInt64]) {
        let count = keys.count
        guard count > 1 else { return }
        if scratch.count < count { scratch = [UInt64](repeating: 0, count: count) }
        var histograms = [Int](repeating: 0, count: digits * buckets)
        keys.withUnsafeBufferPointer { source in
            histograms.withUnsafeMutableBufferPointer { counts in
                for key in source {
                    for digit in 0..<digits {
                        counts[digit * buckets + Int((key >> (digitBits * UInt64(digit))) & mask)] += 1
                    }
                }
            }
        }
        var sortedInScratch = false
        for digit in 0..<digits {
            let base = digit * buckets
            guard !histograms[base..<(base + buckets)].contains(count) else { continue }
            var offsets = [Int](repeating: 0, count: buckets)
            var total = 0
            for bucket in 0..<buckets {
                offsets[bucket] = total
                total += histograms[base + bucket]
            }
            let shift = digitBits * UInt64(digit)
            func scatter(_ from: UnsafePointer<UInt64>, _ to: UnsafeMutablePointer<UInt64>) {
                offsets.withUnsafeMutableBufferPointer { offsets in
                    for index in 0..<count {
                        let key = from[index]
                        let bucket = Int((key >> shift) & mask)
                        to[offsets[bucket]] = key
                        offsets[bucket] += 1
                    }
                }
            }
            if sortedInScratch {
                scratch.withUnsafeBufferPointer { from in
                    keys.withUnsafeMutableBufferPointer { scatter(from.baseAddress!, $0.baseAddress!) }
                }
            } else {
                keys.withUnsafeBufferPointer { from in
                    scratch.withUnsafeMutableBufferPointer { scatter(from.baseAddress!, $0.baseAddress!) }
                }
            }
            sortedInScratch.toggle()
        }
        guard sortedInScratch else { return }
        keys.withUnsafeMutableBufferPointer { destination in
            scratch.withUnsafeBufferPointer { source in
                destination.baseAddress!.update(from: source.baseAddress!, count: count)
            }
        }
    }
}
