internal import CBzip2

/// Streaming bzip2 decompression over a ``CompressedInput``, writing straight into the caller's buffer.
///
/// Concatenated streams (`cat a.bz2 b.bz2`, and `pbzip2`'s output, one stream per block) and empty streams
/// decode in sequence; libbz2 checks every block's CRC and each stream's combined CRC. Bytes after a stream
/// that are not another stream are corrupt data. Memory is bounded by design: at most 900 kB blocks, about
/// 3.7 MB of decoder state. The corresponding C function is `BZ2_bzDecompress`.
final class Bzip2Decoder: CodecDecoder {
    /// libbz2 keeps a pointer back to its `bz_stream` and checks it, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<bz_stream>
    private let input: CompressedInput
    /// True while `stream` holds an initialized decompressor (it is ended and set up again between streams).
    private var isInitialized = false
    /// True from the first byte of a stream until its combined CRC has been checked; the input starts with one.
    private var streamInProgress = true

    /// - Parameter input: The compressed bytes, positioned at the first stream.
    init(input: CompressedInput) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        self.input = input
        try start()
    }

    deinit {
        if isInitialized { BZ2_bzDecompressEnd(stream) }
        stream.deallocate()
    }

    /// Decompresses into `destination` until it is full or the input ends.
    /// - Returns: the bytes written; 0 only when every stream has been decoded completely.
    /// - Throws: ``XStreamError`` for corrupt data, CRC mismatches and truncation.
    func decode(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < destination.count {
            try input.refillIfEmpty()
            let available = input.bytes
            if available.isEmpty {
                guard streamInProgress else { break }
                // No input left: let libbz2 flush what it holds; if it cannot, the stream was cut short.
                let before = written
                try step(destination, &written, available)
                if written == before, streamInProgress {
                    throw XStreamError(
                        .truncatedData,
                        "truncated bzip2 data: the input ends inside a stream at compressed byte offset \(input.consumedBytes)",
                        at: Location(input.name, compressedByteOffset: input.consumedBytes))
                }
                continue
            }
            try step(destination, &written, available)
        }
        return written
    }

    /// Sets up the decompressor for the next stream (`BZ2_bzDecompressInit`, not the small-memory variant).
    private func start() throws {
        stream.pointee = bz_stream()
        let status = BZ2_bzDecompressInit(stream, 0, 0)
        guard status == BZ_OK else {
            throw XStreamError(
                .io, "cannot create a bzip2 decompression stream", at: Location(input.name),
                cause: CodecFailure(name: Self.errorName(status)))
        }
        isInitialized = true
    }

    private func step(
        _ destination: UnsafeMutableRawBufferPointer, _ written: inout Int, _ available: UnsafeRawBufferPointer
    ) throws {
        if !available.isEmpty {
            if !isInitialized { try start() }
            streamInProgress = true
        }
        let inCount = UInt32(min(available.count, Int(UInt32.max)))
        let outCount = UInt32(min(destination.count - written, Int(UInt32.max)))
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: available.baseAddress?.assumingMemoryBound(to: CChar.self))
        stream.pointee.avail_in = inCount
        stream.pointee.next_out = (destination.baseAddress! + written).assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_out = outCount
        let status = BZ2_bzDecompress(stream)
        let consumed = Int(inCount - stream.pointee.avail_in)
        let offset = input.consumedBytes + consumed
        input.consume(consumed)
        written += Int(outCount - stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case BZ_OK:
            break
        case BZ_STREAM_END:
            streamInProgress = false
            BZ2_bzDecompressEnd(stream)
            isInitialized = false
        default:
            throw XStreamError(
                .corruptData, "corrupt bzip2 data at compressed byte offset \(offset)",
                at: Location(input.name, compressedByteOffset: offset),
                cause: CodecFailure(name: Self.errorName(status)))
        }
    }

    /// libbz2's name for a status code (it has no function for it outside its file API).
    private static func errorName(_ status: Int32) -> String {
        switch status {
        case BZ_SEQUENCE_ERROR: "BZ_SEQUENCE_ERROR"
        case BZ_PARAM_ERROR: "BZ_PARAM_ERROR"
        case BZ_MEM_ERROR: "BZ_MEM_ERROR"
        case BZ_DATA_ERROR: "BZ_DATA_ERROR"
        case BZ_DATA_ERROR_MAGIC: "BZ_DATA_ERROR_MAGIC"
        case BZ_CONFIG_ERROR: "BZ_CONFIG_ERROR"
        default: "bzip2 error \(status)"
        }
    }
}
