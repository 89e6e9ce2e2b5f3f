internal import CLzma

/// Streaming xz decompression over a ``CompressedInput``, writing straight into the caller's buffer.
///
/// Concatenated streams, stream padding, multi-block streams (`xz -T0`) and empty streams decode in
/// sequence (`LZMA_CONCATENATED`); liblzma verifies each block's check (CRC32, CRC64 or SHA-256) and the
/// stream index, and a stream whose check type it cannot verify is refused rather than read unchecked. A stream whose decoder needs more memory than the limit, which the dictionary size
/// dominates, is refused (liblzma's memlimit), so a small hostile file cannot make the process allocate
/// gigabytes. The corresponding C function is `lzma_code`.
final class XZDecoder: CodecDecoder {
    /// The decoder memory allowed above the dictionary itself, for liblzma's own state (under 100 kB in
    /// practice), so a stream with a dictionary of exactly 2^maxWindowLog bytes is accepted.
    static let stateAllowance: UInt64 = 1 << 20

    /// liblzma's stream keeps internal pointers to itself, so it lives at a fixed address.
    private let stream: UnsafeMutablePointer<lzma_stream>
    private let input: CompressedInput
    private let maxWindowLog: Int
    private var isFinished = false

    /// - Parameters:
    ///   - input: The compressed bytes, positioned at the first stream.
    ///   - maxWindowLog: Streams whose decoder needs more than 2^maxWindowLog bytes (plus ``stateAllowance``)
    ///     are refused, the same limit as a zstd window.
    init(input: CompressedInput, maxWindowLog: Int) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: CLzma_streamInit())
        let limit = (UInt64(1) << UInt64(maxWindowLog)) + Self.stateAllowance
        let status = lzma_stream_decoder(stream, limit, CLzma_decoderFlags())
        guard status == LZMA_OK else {
            stream.deallocate()
            throw XStreamError(
                .io, "cannot create an xz decoder", at: Location(input.name),
                cause: CodecFailure(name: Self.errorName(status)))
        }
        self.input = input
        self.maxWindowLog = maxWindowLog
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
    }

    /// Decompresses into `destination` until it is full or the input ends.
    /// - Returns: the bytes written; 0 only when every stream has been decoded completely.
    /// - Throws: ``XStreamError`` for corrupt data, check mismatches, streams above the memory limit and
    ///   truncation.
    func decode(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < destination.count, !isFinished {
            try input.refillIfEmpty()
            let available = input.bytes
            let before = written
            try step(destination, &written, available)
            // With no input left liblzma can only flush; if it has nothing and has not finished, it was cut short.
            if available.isEmpty, written == before, !isFinished {
                throw truncated(at: input.consumedBytes, cause: nil)
            }
        }
        return written
    }

    private func step(
        _ destination: UnsafeMutableRawBufferPointer, _ written: inout Int, _ available: UnsafeRawBufferPointer
    ) throws {
        stream.pointee.next_in = available.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = available.count
        stream.pointee.next_out = (destination.baseAddress! + written).assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = destination.count - written
        // LZMA_FINISH once the input has ended: only then does a concatenated decoder report the end.
        let status = lzma_code(stream, available.isEmpty ? LZMA_FINISH : LZMA_RUN)
        let consumed = available.count - stream.pointee.avail_in
        let offset = input.consumedBytes + consumed
        input.consume(consumed)
        written += destination.count - written - stream.pointee.avail_out
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case LZMA_OK:
            break
        case LZMA_STREAM_END:
            isFinished = true
        case LZMA_MEMLIMIT_ERROR:
            throw XStreamError(
                .windowTooLarge,
                "xz stream at compressed byte offset \(offset) needs \(lzma_memusage(stream)) bytes of decoder memory, more than a 2^\(maxWindowLog)-byte dictionary allows",
                at: Location(input.name, compressedByteOffset: offset),
                cause: CodecFailure(name: Self.errorName(status)),
                remedy: .allowLargerWindow)
        case LZMA_UNSUPPORTED_CHECK:
            throw XStreamError(
                .corruptData,
                "xz stream at compressed byte offset \(offset) uses an integrity check that cannot be verified",
                at: Location(input.name, compressedByteOffset: offset),
                cause: CodecFailure(name: Self.errorName(status)))
        case LZMA_BUF_ERROR where available.isEmpty, LZMA_DATA_ERROR where available.isEmpty:
            throw truncated(at: offset, cause: CodecFailure(name: Self.errorName(status)))
        default:
            throw XStreamError(
                .corruptData, "corrupt xz data at compressed byte offset \(offset)",
                at: Location(input.name, compressedByteOffset: offset),
                cause: CodecFailure(name: Self.errorName(status)))
        }
    }

    private func truncated(at offset: Int, cause: CodecFailure?) -> XStreamError {
        XStreamError(
            .truncatedData,
            "truncated xz data: the input ends inside a stream at compressed byte offset \(offset)",
            at: Location(input.name, compressedByteOffset: offset), cause: cause)
    }

    /// liblzma's name for a status code (it has no function for it).
    private static func errorName(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_UNSUPPORTED_CHECK: "LZMA_UNSUPPORTED_CHECK"
        case LZMA_MEM_ERROR: "LZMA_MEM_ERROR"
        case LZMA_MEMLIMIT_ERROR: "LZMA_MEMLIMIT_ERROR"
        case LZMA_FORMAT_ERROR: "LZMA_FORMAT_ERROR"
        case LZMA_OPTIONS_ERROR: "LZMA_OPTIONS_ERROR"
        case LZMA_DATA_ERROR: "LZMA_DATA_ERROR"
        case LZMA_BUF_ERROR: "LZMA_BUF_ERROR"
        case LZMA_PROG_ERROR: "LZMA_PROG_ERROR"
        default: "lzma error \(status.rawValue)"
        }
    }
}
