internal import CLZ4
internal import CZstd

/// Compresses a byte stream into a ``FileByteSink``: zstd frames (`ZSTD_compressStream2`, content checksum
/// on), LZ4 frames (`LZ4F_compressUpdate`, content checksum on), or plain bytes.
///
/// The context and the output buffer are created once and reused for every write.
package final class StreamEncoder {
    private let sink: FileByteSink
    private let codec: Codec
    private var zstd: OpaquePointer?
    private var lz4: OpaquePointer?
    private var lz4Preferences = LZ4F_preferences_t()
    private var output: UnsafeMutableRawBufferPointer
    /// Largest input handed to LZ4 at once, so its output bound fits the buffer.
    private static let lz4Step = 1 << 16

    /// - Parameters:
    ///   - sink: Where compressed bytes go.
    ///   - codec: The codec.
    ///   - level: The codec's compression level (zstd 1…19, lz4 0…12).
    package init(sink: FileByteSink, codec: Codec, level: Int) throws {
        self.sink = sink
        self.codec = codec
        switch codec {
        case .plain:
            output = .allocate(byteCount: 0, alignment: 1)
        case .zstd:
            guard let context = ZSTD_createCCtx() else { throw Self.failure(sink, "cannot create a zstd context") }
            zstd = context
            ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level))
            ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
            output = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
        case .lz4:
            var context: OpaquePointer?
            guard LZ4F_isError(LZ4F_createCompressionContext(&context, CLZ4_frameVersion())) == 0, let context else {
                throw Self.failure(sink, "cannot create an lz4 context")
            }
            lz4 = context
            lz4Preferences.compressionLevel = Int32(level)
            lz4Preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
            output = .allocate(byteCount: LZ4F_compressBound(Self.lz4Step, &lz4Preferences) + 64, alignment: 16)
            let written = LZ4F_compressBegin(context, output.baseAddress, output.count, &lz4Preferences)
            try Self.check(written, sink)
            try sink.write(UnsafeRawBufferPointer(rebasing: output[0..<written]))
        case .gzip, .bzip2, .xz:
            throw Self.failure(sink, "\(codec.rawValue) is read but not written")
        }
    }

    deinit {
        if let zstd { ZSTD_freeCCtx(zstd) }
        if let lz4 { LZ4F_freeCompressionContext(lz4) }
        output.deallocate()
    }

    /// Compresses and writes `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        switch codec {
        case .plain:
            try sink.write(bytes)
        case .gzip, .bzip2, .xz:
            preconditionFailure("init refuses codecs xstream only reads")
        case .zstd:
            try zstdStep(bytes, directive: ZSTD_e_continue)
        case .lz4:
            var offset = 0
            while offset < bytes.count {
                let step = min(Self.lz4Step, bytes.count - offset)
                let written = LZ4F_compressUpdate(
                    lz4, output.baseAddress, output.count, bytes.baseAddress! + offset, step, nil)
                try Self.check(written, sink)
                try sink.write(UnsafeRawBufferPointer(rebasing: output[0..<written]))
                offset += step
            }
        }
    }

    /// Ends the frame and flushes everything to the sink.
    package func finish() throws {
        switch codec {
        case .plain: break
        case .gzip, .bzip2, .xz: preconditionFailure("init refuses codecs xstream only reads")
        case .zstd: try zstdStep(UnsafeRawBufferPointer(start: nil, count: 0), directive: ZSTD_e_end)
        case .lz4:
            let written = LZ4F_compressEnd(lz4, output.baseAddress, output.count, nil)
            try Self.check(written, sink)
            try sink.write(UnsafeRawBufferPointer(rebasing: output[0..<written]))
        }
    }

    private func zstdStep(_ bytes: UnsafeRawBufferPointer, directive: ZSTD_EndDirective) throws {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            var out = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
            let remaining = ZSTD_compressStream2(zstd, &out, &input, directive)
            if ZSTD_isError(remaining) != 0 {
                throw Self.failure(sink, "zstd compression failed: \(String(cString: ZSTD_getErrorName(remaining)))")
            }
            try sink.write(UnsafeRawBufferPointer(rebasing: output[0..<out.pos]))
            let done = directive == ZSTD_e_end ? remaining == 0 : input.pos == input.size
            if done { return }
        }
    }

    private static func check(_ result: Int, _ sink: FileByteSink) throws {
        if LZ4F_isError(result) != 0 {
            throw failure(sink, "lz4 compression failed: \(String(cString: LZ4F_getErrorName(result)))")
        }
    }

    private static func failure(_ sink: FileByteSink, _ what: String) -> XStreamError {
        XStreamError(.outputFailed, what, at: Location(sink.path))
    }
}
