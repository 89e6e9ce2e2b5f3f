/// The 64-bit xxHash of a byte stream (XXH64, seed 0), computed incrementally.
///
/// The same value as `xxhsum -H64` and Python's `xxhash.xxh64`, on every platform. xstream uses it where a
/// fingerprint must be cheap enough to compute on every compressed byte while streaming (several GB/s on one
/// core) and strong enough to tell files apart by content; it is not a cryptographic hash.
///
/// Complexity: O(n) over the bytes added; O(1) memory.
package struct XXH64: Sendable {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1 = prime1 &+ prime2
    private var v2 = prime2
    private var v3: UInt64 = 0
    private var v4 = 0 &- prime1
    private var totalLength: UInt64 = 0
    /// Bytes of an incomplete 32-byte stripe, waiting for the rest.
    private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var pendingCount = 0

    /// A hash of no bytes yet.
    package init() {}

    /// The hash of `bytes`, as 16 lowercase hexadecimal digits.
    package static func hexDigest(of bytes: [UInt8]) -> String {
        var hasher = XXH64()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.hexDigest
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator &+ lane &* prime2).rotatedLeft(31) &* prime1
    }

    @inline(__always)
    private static func mergeRound(_ hash: UInt64, _ accumulator: UInt64) -> UInt64 {
        (hash ^ round(0, accumulator)) &* prime1 &+ prime4
    }

    /// Adds `bytes` to the hashed stream.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, !bytes.isEmpty else { return }
        var count = bytes.count
        totalLength &+= UInt64(count)
        if pendingCount > 0 {
            let take = min(32 - pendingCount, count)
            withUnsafeMutableBytes(of: &pending) { stripe in
                stripe.baseAddress!.advanced(by: pendingCount).copyMemory(from: base, byteCount: take)
            }
            pendingCount += take
            base += take
            count -= take
            guard pendingCount == 32 else { return }
            let (a, b, c, d) = pending
            v1 = Self.round(v1, UInt64(littleEndian: a))
            v2 = Self.round(v2, UInt64(littleEndian: b))
            v3 = Self.round(v3, UInt64(littleEndian: c))
            v4 = Self.round(v4, UInt64(littleEndian: d))
            pendingCount = 0
        }
        var (a, b, c, d) = (v1, v2, v3, v4)
        while count >= 32 {
            a = Self.round(a, UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
            b = Self.round(b, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            c = Self.round(c, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            d = Self.round(d, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            base += 32
            count -= 32
        }
        (v1, v2, v3, v4) = (a, b, c, d)
        if count > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
            pendingCount = count
        }
    }

    /// The hash of every byte added so far (the stream can go on).
    package var digest: UInt64 {
        var hash: UInt64
        if totalLength >= 32 {
            hash = v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
            hash = Self.mergeRound(hash, v1)
            hash = Self.mergeRound(hash, v2)
            hash = Self.mergeRound(hash, v3)
            hash = Self.mergeRound(hash, v4)
        } else {
            hash = v3 &+ Self.prime5
        }
        hash &+= totalLength
        var tail = pending
        let count = pendingCount
        withUnsafeBytes(of: &tail) { raw in
            var offset = 0
            while offset + 8 <= count {
                let lane = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash = (hash ^ Self.round(0, lane)).rotatedLeft(27) &* Self.prime1 &+ Self.prime4
                offset += 8
            }
            if offset + 4 <= count {
                let lane = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                hash = (hash ^ (lane &* Self.prime1)).rotatedLeft(23) &* Self.prime2 &+ Self.prime3
                offset += 4
            }
            while offset < count {
                hash = (hash ^ (UInt64(raw[offset]) &* Self.prime5)).rotatedLeft(11) &* Self.prime1
                offset += 1
            }
        }
        hash ^= hash >> 33
        hash &*= Self.prime2
        hash ^= hash >> 29
        hash &*= Self.prime3
        hash ^= hash >> 32
        return hash
    }

    /// The digest as 16 lowercase hexadecimal digits.
    package var hexDigest: String {
        let text = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self &<< count) | (self &>> (64 &- count)) }
}
