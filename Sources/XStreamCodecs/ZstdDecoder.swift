internal import CZstd

/// Streaming zstd decompression over a ``CompressedInput``, writing straight into the caller's buffer.
///
/// Concatenated frames, skippable frames and empty frames decode in sequence; content checksums are
/// verified by libzstd when a frame carries one. The context comes from ``ZstdContextPool`` and is reused for
/// every frame.
/// The corresponding C function is `ZSTD_decompressStream`.
final class ZstdDecoder {
    /// The default limit on a frame's window: 2^27 bytes (128 MiB), `ZSTD_WINDOWLOG_LIMIT_DEFAULT`, the same
    /// limit the `zstd` tool applies unless told otherwise.
    static let defaultMaxWindowLog = 27

    private let context: OpaquePointer
    private let input: CompressedInput
    private let maxWindowLog: Int
    private var frameInProgress = false

    /// - Parameters:
    ///   - input: The compressed bytes, positioned at the first frame.
    ///   - maxWindowLog: Frames that need a window above 2^maxWindowLog bytes are refused
    ///     (`ZSTD_d_windowLogMax`), so a small hostile file cannot make the process allocate gigabytes.
    init(input: CompressedInput, maxWindowLog: Int) throws {
        guard let context = ZstdContextPool.take() else {
            throw XStreamError(.io, "cannot create a zstd decompression context", at: Location(input.name))
        }
        // Set before any stored property: a throwing init that has set them all runs `deinit`, which would give
        // the context back a second time.
        let status = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Int32(maxWindowLog))
        if ZSTD_isError(status) != 0 {
            ZstdContextPool.giveBack(context)
            throw XStreamError(
                .usage, "a window limit of 2^\(maxWindowLog) bytes is not accepted by libzstd",
                cause: CodecFailure(name: String(cString: ZSTD_getErrorName(status))))
        }
        self.context = context
        self.input = input
        self.maxWindowLog = maxWindowLog
    }

    deinit { ZstdContextPool.giveBack(context) }

    /// Decompresses into `destination` until it is full or the input ends.
    /// - Returns: the bytes written; 0 only when every frame has been decoded completely.
    /// - Throws: ``XStreamError`` for corrupt data, checksum mismatches, oversized windows and truncation.
    func decode(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var output = ZSTD_outBuffer(dst: destination.baseAddress, size: destination.count, pos: 0)
        while output.pos < output.size {
            try input.refillIfEmpty()
            let available = input.bytes
            if available.isEmpty {
                guard frameInProgress else { break }
                // No input left: let the decoder flush what it holds; if it cannot, the frame was cut short.
                let before = output.pos
                try step(&output, available)
                if output.pos == before, frameInProgress {
                    throw XStreamError(
                        .truncatedData,
                        "truncated zstd data: the input ends inside a frame at compressed byte offset \(input.consumedBytes)",
                        at: Location(input.name, compressedByteOffset: input.consumedBytes))
                }
                continue
            }
            try step(&output, available)
        }
        return output.pos
    }

    private func step(_ output: inout ZSTD_outBuffer, _ available: UnsafeRawBufferPointer) throws {
        var inBuffer = ZSTD_inBuffer(src: available.baseAddress, size: available.count, pos: 0)
        let result = ZSTD_decompressStream(context, &output, &inBuffer)
        let offset = input.consumedBytes + inBuffer.pos
        input.consume(inBuffer.pos)
        if ZSTD_isError(result) != 0 {
            let cause = CodecFailure(name: String(cString: ZSTD_getErrorName(result)))
            let location = Location(input.name, compressedByteOffset: offset)
            if ZSTD_getErrorCode(result) == ZSTD_error_frameParameter_windowTooLarge {
                throw XStreamError(
                    .windowTooLarge,
                    "zstd frame at compressed byte offset \(offset) needs a window larger than 2^\(maxWindowLog) bytes",
                    at: location, cause: cause, remedy: .allowLargerWindow)
            }
            throw XStreamError(
                .corruptData, "corrupt zstd data at compressed byte offset \(offset)", at: location, cause: cause)
        }
        frameInProgress = result != 0
    }
}
