internal import CLZ4

/// Streaming LZ4 frame decompression over a ``CompressedInput``, writing straight into the caller's buffer.
///
/// Concatenated frames and skippable frames decode in sequence; block and content checksums are verified
/// by liblz4 when the frame declares them. The context is created once and reused for every frame.
/// The corresponding C function is `LZ4F_decompress`.
final class LZ4FrameDecoder {
    private let context: OpaquePointer
    private let input: CompressedInput
    private var frameInProgress = false

    /// - Parameter input: The compressed bytes, positioned at the first frame.
    init(input: CompressedInput) throws {
        var context: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&context, CLZ4_frameVersion())
        guard LZ4F_isError(status) == 0, let context else {
            throw XStreamError(.io, "cannot create an lz4 decompression context", at: Location(input.name))
        }
        self.context = context
        self.input = input
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    /// Decompresses into `destination` until it is full or the input ends.
    /// - Returns: the bytes written; 0 only when every frame has been decoded completely.
    /// - Throws: ``XStreamError`` for corrupt data, checksum mismatches and truncation.
    func decode(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < destination.count {
            try input.refillIfEmpty()
            let available = input.bytes
            if available.isEmpty, !frameInProgress { break }
            let before = written
            try step(destination, &written, available)
            if available.isEmpty {
                // No input left: the decoder could only flush; if it had nothing, the frame was cut short.
                if written == before, frameInProgress {
                    throw XStreamError(
                        .truncatedData,
                        "truncated lz4 data: the input ends inside a frame at compressed byte offset \(input.consumedBytes)",
                        at: Location(input.name, compressedByteOffset: input.consumedBytes))
                }
            }
        }
        return written
    }

    private func step(
        _ destination: UnsafeMutableRawBufferPointer, _ written: inout Int, _ available: UnsafeRawBufferPointer
    ) throws {
        var outSize = destination.count - written
        var inSize = available.count
        let result = LZ4F_decompress(
            context, destination.baseAddress! + written, &outSize, available.baseAddress, &inSize, nil)
        let offset = input.consumedBytes + inSize
        input.consume(inSize)
        written += outSize
        if LZ4F_isError(result) != 0 {
            throw XStreamError(
                .corruptData, "corrupt lz4 data at compressed byte offset \(offset)",
                at: Location(input.name, compressedByteOffset: offset),
                cause: CodecFailure(name: String(cString: LZ4F_getErrorName(result))))
        }
        frameInProgress = result != 0
    }
}
