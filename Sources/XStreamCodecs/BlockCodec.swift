internal import CLZ4
internal import CSnappy
internal import CZlib
internal import CZstd

/// A compression codec of whole blocks whose decompressed size is known in advance: how Parquet compresses
/// its pages (and Arrow IPC its buffers, with ``zstd`` and ``lz4Frame``).
///
/// Unlike ``StreamDecoder``, nothing is streamed: a block is decompressed at once into a buffer of exactly
/// the size its container declares, and any other size is an error, so a hostile block cannot make a
/// decoder write or allocate more than that.
package enum BlockCodec: String, Sendable {
    /// Snappy raw blocks (`snappy_uncompress`).
    case snappy = "SNAPPY"
    /// A gzip member or a zlib stream (zlib's `inflate`).
    case gzip = "GZIP"
    /// One or more zstd frames (`ZSTD_decompressDCtx`).
    case zstd = "ZSTD"
    /// An LZ4 block without framing (`LZ4_decompress_safe`), Parquet's LZ4_RAW.
    case lz4Raw = "LZ4_RAW"
    /// Hadoop's framing of LZ4 blocks (big-endian sizes before each block), Parquet's deprecated LZ4; a block
    /// that does not parse as that framing is tried as one raw LZ4 block, as Arrow's reader does.
    case hadoopLZ4 = "LZ4"
    /// LZ4 frames (`LZ4F_decompress`), Arrow IPC's LZ4_FRAME.
    case lz4Frame = "LZ4_FRAME"

    /// Decompresses `source` into all of `destination`.
    /// - Throws: ``XStreamError`` (`corruptData`) when the data is damaged or does not decompress to exactly
    ///   `destination.count` bytes; the detail names the codec and `what` (e.g. `column "pred"`).
    package func decompress(
        _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer, what: String,
        at location: Location
    ) throws {
        let produced: Int?
        switch self {
        case .snappy: produced = Self.snappy(source, destination)
        case .gzip: produced = Self.inflate(source, destination)
        case .zstd: produced = Self.zstd(source, destination)
        case .lz4Raw: produced = Self.lz4Block(source, destination)
        case .hadoopLZ4: produced = Self.hadoop(source, destination) ?? Self.lz4Block(source, destination)
        case .lz4Frame: produced = Self.lz4Frame(source, destination)
        }
        guard let produced, produced == destination.count else {
            throw XStreamError(
                .corruptData,
                "\(what): corrupt \(rawValue) data (it does not decompress to the \(destination.count) bytes declared)",
                at: location)
        }
    }

    private static func snappy(_ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer) -> Int? {
        guard let input = source.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
        var length = 0
        guard snappy_uncompressed_length(input, source.count, &length) == SNAPPY_OK, length == destination.count
        else { return nil }
        if length == 0 { return 0 }
        var outLength = destination.count
        let status = snappy_uncompress(
            input, source.count, destination.baseAddress!.assumingMemoryBound(to: CChar.self), &outLength)
        return status == SNAPPY_OK ? outLength : nil
    }

    private static func inflate(_ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer) -> Int?
    {
        // An empty page needs no inflating (and zlib cannot be given zero bytes of room).
        if destination.isEmpty { return 0 }
        var stream = z_stream()
        guard CZlib_inflateInitAuto(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var produced = 0
        var consumed = 0
        // Concatenated members, as a gzip reader accepts them.
        while consumed < source.count, produced < destination.count {
            stream.next_in =
                UnsafeMutablePointer(mutating: source.baseAddress!.assumingMemoryBound(to: Bytef.self))
                + consumed
            stream.avail_in = UInt32(source.count - consumed)
            stream.next_out = destination.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
            stream.avail_out = UInt32(destination.count - produced)
            let before = stream.total_out
            let status = CZlib.inflate(&stream, Z_FINISH)
            produced += Int(stream.total_out - before)
            consumed = source.count - Int(stream.avail_in)
            guard status == Z_STREAM_END else { return nil }
            guard inflateReset(&stream) == Z_OK else { return nil }
        }
        return produced
    }

    private static func zstd(_ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer) -> Int? {
        guard let context = ZstdContextPool.take() else { return nil }
        defer { ZstdContextPool.giveBack(context) }
        let result = ZSTD_decompressDCtx(
            context, destination.baseAddress, destination.count, source.baseAddress, source.count)
        return ZSTD_isError(result) != 0 ? nil : result
    }

    private static func lz4Block(_ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer)
        -> Int?
    {
        guard source.count <= Int(Int32.max), destination.count <= Int(Int32.max) else { return nil }
        if destination.isEmpty { return source.count == 1 ? 0 : nil }
        let result = LZ4_decompress_safe(
            source.baseAddress!.assumingMemoryBound(to: CChar.self),
            destination.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(source.count),
            Int32(destination.count))
        return result < 0 ? nil : Int(result)
    }

    /// Hadoop framing: blocks of (uncompressed size, compressed size, LZ4 block), sizes 4-byte big-endian.
    private static func hadoop(_ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer) -> Int? {
        var input = 0
        var output = 0
        while input < source.count {
            guard source.count - input >= 8 else { return nil }
            let expanded = Int(UInt32(bigEndian: source.loadUnaligned(fromByteOffset: input, as: UInt32.self)))
            let compressed = Int(UInt32(bigEndian: source.loadUnaligned(fromByteOffset: input + 4, as: UInt32.self)))
            input += 8
            guard compressed <= source.count - input, expanded <= destination.count - output else { return nil }
            let block = UnsafeRawBufferPointer(rebasing: source[input..<input + compressed])
            let room = UnsafeMutableRawBufferPointer(rebasing: destination[output..<output + expanded])
            guard lz4Block(block, room) == expanded else { return nil }
            input += compressed
            output += expanded
        }
        return output
    }

    private static func lz4Frame(_ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer)
        -> Int?
    {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, CLZ4_frameVersion())) == 0, let context else {
            return nil
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var input = 0
        var output = 0
        while input < source.count {
            var inSize = source.count - input
            var outSize = destination.count - output
            let hint = LZ4F_decompress(
                context, destination.baseAddress.map { $0 + output }, &outSize, source.baseAddress! + input, &inSize,
                nil)
            guard LZ4F_isError(hint) == 0 else { return nil }
            input += inSize
            output += outSize
            if inSize == 0 && outSize == 0 { return nil }
        }
        return output
    }
}
