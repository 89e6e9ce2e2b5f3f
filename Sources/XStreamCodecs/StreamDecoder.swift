internal import CZstd

/// Turns one input's raw bytes into its decompressed bytes, whatever the codec.
///
/// The codec is detected from the first bytes: a zstd or lz4 frame magic selects that decoder (after any
/// leading skippable frames); anything else is read as plain bytes. Memory is bounded: one input buffer
/// of the codec's recommended size and the codec's own context.
public final class StreamDecoder {
    /// The codec detected from the first bytes.
    public let codec: Codec
    /// The input's name, for messages.
    public var name: String { input.name }
    /// Compressed bytes consumed so far.
    public var compressedBytes: Int { input.consumedBytes }

    private let input: CompressedInput
    private let zstd: ZstdDecoder?
    private let lz4: LZ4FrameDecoder?

    /// The default limit on a zstd frame's window, as a power of two: 27 (128 MiB), as the `zstd` tool.
    public static let defaultMaxWindowLog = ZstdDecoder.defaultMaxWindowLog

    /// Opens `path` (or standard input for `-`) and detects its codec.
    /// - Parameters:
    ///   - path: A file path, or `-` for standard input.
    ///   - maxWindowLog: The largest zstd window accepted, as a power of two (see ``ZstdDecoder``).
    /// - Throws: ``XStreamError`` when the input cannot be opened or its leading frames are cut short.
    public convenience init(path: String, maxWindowLog: Int = defaultMaxWindowLog) throws {
        try self.init(source: FileByteSource(path: path), name: path, maxWindowLog: maxWindowLog)
    }

    /// Reads from `source` and detects its codec.
    /// - Parameters:
    ///   - source: The raw bytes.
    ///   - name: The input's name, for messages.
    ///   - maxWindowLog: The largest zstd window accepted, as a power of two (see ``ZstdDecoder``).
    /// - Throws: ``XStreamError`` when the source fails or its leading frames are cut short.
    public init(source: any ByteSource, name: String, maxWindowLog: Int = defaultMaxWindowLog) throws {
        let input = CompressedInput(source: source, name: name, capacity: ZSTD_DStreamInSize())
        self.input = input
        codec = try Self.detectCodec(input)
        switch codec {
        case .plain:
            zstd = nil
            lz4 = nil
        case .zstd:
            zstd = try ZstdDecoder(input: input, maxWindowLog: maxWindowLog)
            lz4 = nil
        case .lz4:
            zstd = nil
            lz4 = try LZ4FrameDecoder(input: input)
        }
    }

    /// Fills `destination` with decompressed bytes.
    /// - Returns: the bytes written, fewer than `destination.count` only at the end of the data; 0 at the end.
    /// - Throws: ``XStreamError`` naming the file and the compressed byte offset of the problem.
    public func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < destination.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: destination[written...])
            let count: Int
            if let zstd {
                count = try zstd.decode(into: rest)
            } else if let lz4 {
                count = try lz4.decode(into: rest)
            } else {
                count = try input.read(into: rest)
            }
            if count == 0 { break }
            written += count
        }
        return written
    }

    /// Reads past leading skippable frames and names the codec of the first real frame.
    private static func detectCodec(_ input: CompressedInput) throws -> Codec {
        var skippedFrames = 0
        while try input.ensure(4) {
            let magic = input.bytes.loadUnaligned(as: UInt32.self).littleEndian
            if magic == Codec.zstdMagic { return .zstd }
            if magic == Codec.lz4Magic { return .lz4 }
            guard Codec.isSkippableMagic(magic) else {
                if skippedFrames == 0 { return .plain }
                throw XStreamError(
                    .corruptData,
                    "unknown frame after a skippable frame at compressed byte offset \(input.consumedBytes)",
                    at: Location(input.name, compressedByteOffset: input.consumedBytes))
            }
            let frameStart = input.consumedBytes
            guard try input.ensure(8) else { throw truncatedSkippableFrame(input, at: frameStart) }
            let size = Int(input.bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
            input.consume(8)
            guard try input.skip(size) else { throw truncatedSkippableFrame(input, at: frameStart) }
            skippedFrames += 1
        }
        if skippedFrames > 0, !input.bytes.isEmpty {
            throw truncatedSkippableFrame(input, at: input.consumedBytes)
        }
        return .plain
    }

    private static func truncatedSkippableFrame(_ input: CompressedInput, at offset: Int) -> XStreamError {
        XStreamError(
            .truncatedData,
            "truncated data: the input ends inside a skippable frame that starts at compressed byte offset \(offset)",
            at: Location(input.name, compressedByteOffset: offset))
    }
}
