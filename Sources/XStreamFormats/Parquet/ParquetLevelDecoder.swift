import XStreamCodecs

/// Parquet's RLE / bit-packed hybrid encoding (definition levels, booleans, dictionary indices), decoded with
/// every run checked against the bytes and the values that remain.
struct ParquetHybridDecoder {
    private let bytes: UnsafeRawBufferPointer
    private let bitWidth: Int
    private var offset = 0

    /// - Parameter bitWidth: 0 to 32 bits per value.
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) {
        self.bytes = bytes
        self.bitWidth = bitWidth
    }

    /// Decodes exactly `count` values, calling `emit` with each; returns nil when the runs end first or are
    /// malformed.
    mutating func decode(count: Int, _ emit: (UInt32) -> Void) -> Bool {
        var done = 0
        while done < count {
            guard let header = varint() else { return false }
            if header & 1 == 0 {
                let run = header >> 1
                let width = (bitWidth + 7) / 8
                guard bytes.count - offset >= width else { return false }
                var value: UInt32 = 0
                for i in 0..<width { value |= UInt32(bytes[offset + i]) << (8 * i) }
                offset += width
                let take = Int(min(run, UInt64(count - done)))
                for _ in 0..<take { emit(value) }
                done += take
            } else {
                let groups = header >> 1
                guard groups <= UInt64(bytes.count), Int(groups) * bitWidth <= bytes.count - offset else {
                    return false
                }
                let values = Int(groups) * 8
                let start = offset * 8
                let mask: UInt64 = bitWidth == 0 ? 0 : (1 << UInt64(bitWidth)) - 1
                let take = min(values, count - done)
                for i in 0..<take { emit(UInt32(truncatingIfNeeded: bits(at: start + i * bitWidth) & mask)) }
                offset += Int(groups) * bitWidth
                done += take
            }
        }
        return true
    }

    /// Decodes exactly `count` values into `out[0..<count]`, a run at a time (an RLE run as one fill, a
    /// bit-packed run unpacked with one load a value); returns false when the runs end first or are malformed.
    mutating func decode(count: Int, into out: UnsafeMutableBufferPointer<UInt32>) -> Bool {
        precondition(count <= out.count)
        var done = 0
        while done < count {
            guard let header = varint() else { return false }
            if header & 1 == 0 {
                guard let value = runValue() else { return false }
                let take = Int(min(header >> 1, UInt64(count - done)))
                UnsafeMutableBufferPointer(rebasing: out[done..<done + take]).update(repeating: value)
                done += take
            } else {
                let groups = header >> 1
                guard groups <= UInt64(bytes.count), Int(groups) * bitWidth <= bytes.count - offset else {
                    return false
                }
                let take = min(Int(groups) * 8, count - done)
                unpack(from: offset, into: UnsafeMutableBufferPointer(rebasing: out[done..<done + take]))
                offset += Int(groups) * bitWidth
                done += take
            }
        }
        return true
    }

    /// When the values start with an RLE run of at least `count` values, consumes it and returns its value;
    /// else returns nil and consumes nothing (a page's definition levels are often one run of "defined").
    mutating func singleRun(count: Int) -> UInt32? {
        let start = offset
        if let header = varint(), header & 1 == 0, header >> 1 >= UInt64(count), let value = runValue() {
            return value
        }
        offset = start
        return nil
    }

    /// An RLE run's value: the bytes that follow its header, little-endian.
    private mutating func runValue() -> UInt32? {
        let width = (bitWidth + 7) / 8
        guard bytes.count - offset >= width else { return nil }
        var value: UInt32 = 0
        for i in 0..<width { value |= UInt32(bytes[offset + i]) << (8 * i) }
        offset += width
        return value
    }

    /// Unpacks `out.count` values of ``bitWidth`` bits, LSB first, from byte `start` on: up to 8 bits wide, a
    /// group of eight values (``bitWidth`` bytes) with one 8-byte load; wider, each value with one; the last
    /// few, where 8 bytes no longer remain, byte by byte.
    private func unpack(from start: Int, into out: UnsafeMutableBufferPointer<UInt32>) {
        guard bitWidth > 0, let base = bytes.baseAddress else { return out.update(repeating: 0) }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        var i = 0
        if bitWidth <= 8 {
            var byte = start
            while out.count - i >= 8, bytes.count - byte >= 8 {
                let word = base.loadUnaligned(fromByteOffset: byte, as: UInt64.self).littleEndian
                for k in 0..<8 { out[i + k] = UInt32(truncatingIfNeeded: (word >> UInt64(k * bitWidth)) & mask) }
                i += 8
                byte += bitWidth
            }
        }
        while i < out.count {
            let position = start * 8 + i * bitWidth
            guard (position >> 3) + 8 <= bytes.count else { break }
            let word = base.loadUnaligned(fromByteOffset: position >> 3, as: UInt64.self).littleEndian
            out[i] = UInt32(truncatingIfNeeded: (word >> UInt64(position & 7)) & mask)
            i += 1
        }
        while i < out.count {
            out[i] = UInt32(truncatingIfNeeded: bits(at: start * 8 + i * bitWidth) & mask)
            i += 1
        }
    }

    /// The 64 bits from bit `position` on, LSB first, zero past the end.
    private func bits(at position: Int) -> UInt64 {
        var result: UInt64 = 0
        let first = position / 8
        let shift = position % 8
        for i in 0..<5 where first + i < bytes.count { result |= UInt64(bytes[first + i]) << UInt64(8 * i) }
        return result >> UInt64(shift)
    }

    private mutating func varint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let b = bytes[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }
}
