/// Parquet's DELTA_BINARY_PACKED encoding of INT32 and INT64 values, with wrapping arithmetic as the format
/// specifies and every block checked against the bytes that remain.
struct ParquetDeltaDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The bytes decoded so far: after ``decode(count:_:)``, where what follows the values starts
    /// (DELTA_LENGTH_BYTE_ARRAY's bytes).
    var bytesUsed: Int { offset }

    /// Decodes `count` values (the page's non-null values), calling `emit` with each as a 64-bit pattern
    /// (INT32 values wrap at 32 bits: the caller truncates). Returns false for malformed data.
    mutating func decode(count: Int, _ emit: (Int64) -> Void) -> Bool {
        guard let blockSize = varint(), let miniblocks = varint(), let total = varint(), let first = zigzag(),
            blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 32 == 0, total >= UInt64(count)
        else { return false }
        let perMiniblock = Int(blockSize / miniblocks)
        var value = first
        var done = 0
        if count > 0 {
            emit(value)
            done = 1
        }
        while done < count {
            guard let minDelta = zigzag(), bytes.count - offset >= Int(miniblocks) else { return false }
            let widthsAt = offset
            offset += Int(miniblocks)
            for m in 0..<Int(miniblocks) where done < count {
                let width = Int(bytes[widthsAt + m])
                guard width <= 64 else { return false }
                let length = perMiniblock * width / 8
                guard bytes.count - offset >= length else { return false }
                let start = offset * 8
                for i in 0..<perMiniblock where done < count {
                    let delta = bits(at: start + i * width, width: width)
                    value = value &+ minDelta &+ Int64(bitPattern: delta)
                    emit(value)
                    done += 1
                }
                offset += length
            }
        }
        return true
    }

    private func bits(at position: Int, width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        var result: UInt64 = 0
        var got = 0
        var bit = position
        while got < width {
            let byte = UInt64(bytes[bit / 8])
            let shift = bit % 8
            let take = min(8 - shift, width - got)
            result |= ((byte >> UInt64(shift)) & ((1 << UInt64(take)) - 1)) << UInt64(got)
            got += take
            bit += take
        }
        return result
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

    private mutating func zigzag() -> Int64? {
        guard let raw = varint() else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
