/// Parquet's encodings of BYTE_ARRAY values (strings, binary): PLAIN, DELTA_LENGTH_BYTE_ARRAY and
/// DELTA_BYTE_ARRAY, every length checked against the bytes that remain.
///
/// Each value is handed on as a view that is valid only during the call.
enum ParquetByteArrays {
    /// Decodes `count` values of `encoding` (not dictionary-encoded).
    /// - Throws: ``XStreamError`` from `decoder`: corrupt values, or an encoding these are not in.
    static func decode(
        _ data: UnsafeRawBufferPointer, encoding: Int32, count: Int, decoder: ParquetColumnChunkDecoder,
        _ emit: (UnsafeRawBufferPointer) -> Void
    ) throws {
        switch encoding {
        case 0: try plain(data, count: count, decoder: decoder, emit)
        case 6: try deltaLength(data, count: count, decoder: decoder, emit)
        case 7: try delta(data, count: count, decoder: decoder, emit)
        default: throw decoder.unsupported("encoding \(ParquetColumnChunkDecoder.encodingName(encoding))")
        }
    }

    /// PLAIN: each value a 4-byte little-endian length and its bytes.
    static func plain(
        _ data: UnsafeRawBufferPointer, count: Int, decoder: ParquetColumnChunkDecoder,
        _ emit: (UnsafeRawBufferPointer) -> Void
    ) throws {
        var offset = 0
        for _ in 0..<count {
            guard data.count - offset >= 4 else { throw decoder.corrupt("PLAIN byte arrays shorter than the page") }
            let length = Int(data.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            offset += 4
            guard length <= data.count - offset else {
                throw decoder.corrupt("a byte array of \(length) bytes runs past its page")
            }
            emit(UnsafeRawBufferPointer(rebasing: data[offset..<offset + length]))
            offset += length
        }
    }

    /// DELTA_LENGTH_BYTE_ARRAY: the lengths (DELTA_BINARY_PACKED), then the values' bytes one after another.
    private static func deltaLength(
        _ data: UnsafeRawBufferPointer, count: Int, decoder: ParquetColumnChunkDecoder,
        _ emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let (lengths, start) = try self.lengths(data, count: count, decoder: decoder)
        var offset = start
        for length in lengths {
            guard length <= data.count - offset else {
                throw decoder.corrupt("a byte array of \(length) bytes runs past its page")
            }
            try emit(UnsafeRawBufferPointer(rebasing: data[offset..<offset + length]))
            offset += length
        }
    }

    /// DELTA_BYTE_ARRAY: the prefix lengths (DELTA_BINARY_PACKED), then the suffixes (DELTA_LENGTH_BYTE_ARRAY);
    /// each value is that much of the one before, then its suffix.
    ///
    /// Shared prefixes let a small page spell long values: a page's values may add up to at most
    /// ``maxDeltaExpansion`` times its bytes (and 1 MiB), so a hostile page cannot make the reader build
    /// more than that.
    private static func delta(
        _ data: UnsafeRawBufferPointer, count: Int, decoder: ParquetColumnChunkDecoder,
        _ emit: (UnsafeRawBufferPointer) -> Void
    ) throws {
        let (prefixes, start) = try lengths(data, count: count, decoder: decoder)
        let budget = maxDeltaExpansion * data.count + (1 << 20)
        var built = 0
        var value: [UInt8] = []
        var next = 0
        try deltaLength(UnsafeRawBufferPointer(rebasing: data[start...]), count: count, decoder: decoder) {
            suffix in
            guard prefixes[next] <= value.count else {
                throw decoder.corrupt("a DELTA_BYTE_ARRAY prefix longer than the value before it")
            }
            value.removeSubrange(prefixes[next]...)
            value.append(contentsOf: suffix)
            next += 1
            built += value.count
            guard built <= budget else {
                throw decoder.corrupt(
                    "DELTA_BYTE_ARRAY values longer in all than \(maxDeltaExpansion) times their page")
            }
            value.withUnsafeBytes { emit($0) }
        }
    }

    /// How many times its own size a DELTA_BYTE_ARRAY page's values may add up to.
    static let maxDeltaExpansion = 64

    /// `count` lengths in DELTA_BINARY_PACKED, each checked to be in 0...data.count, and where they end.
    private static func lengths(_ data: UnsafeRawBufferPointer, count: Int, decoder: ParquetColumnChunkDecoder)
        throws -> ([Int], Int)
    {
        var lengths: [Int] = []
        lengths.reserveCapacity(min(count, data.count))
        var delta = ParquetDeltaDecoder(data)
        var bad = false
        let ok = delta.decode(count: count) { length in
            if length >= 0, length <= Int64(data.count) { lengths.append(Int(length)) } else { bad = true }
        }
        guard ok, !bad, lengths.count == count else { throw decoder.corrupt("malformed byte array lengths") }
        return (lengths, delta.bytesUsed)
    }
}
