internal import CZstd

/// Turns one input's raw bytes into its decompressed bytes, whatever the codec.
///
/// The codec is detected from the first bytes: a gzip, bzip2 or xz magic, or a zstd or lz4 frame magic (after
/// any leading skippable frames), selects that decoder; anything else is read as plain bytes. Memory is
/// bounded: one input buffer of the codec's recommended size and the codec's own context.
public final class StreamDecoder {
    /// The codec detected from the first bytes.
    public let codec: Codec
    /// The input's name, for messages.
    public var name: String { input.name }
    /// Compressed bytes consumed so far.
    public var compressedBytes: Int { input.consumedBytes }

    private let input: CompressedInput
    /// The codec's decoder; nil for plain bytes.
    private let decoder: (any CodecDecoder)?

    /// The default limit on a zstd frame's window, as a power of two: 27 (128 MiB), as the `zstd` tool.
    public static let defaultMaxWindowLog = ZstdDecoder.defaultMaxWindowLog

    /// Opens `path` (or standard input for `-`) and detects its codec.
    /// - Parameters:
    ///   - path: A file path, or `-` for standard input.
    ///   - maxWindowLog: The largest zstd window (see ``ZstdDecoder``) or xz dictionary (see ``XZDecoder``)
    ///     accepted, as a power of two.
    /// - Throws: ``XStreamError`` when the input cannot be opened or its leading frames are cut short.
    public convenience init(path: String, maxWindowLog: Int = defaultMaxWindowLog) throws {
        try self.init(source: FileByteSource(path: path), name: path, maxWindowLog: maxWindowLog)
    }

    /// Reads from `source` and detects its codec.
    /// - Parameters:
    ///   - source: The raw bytes.
    ///   - name: The input's name, for messages.
    ///   - maxWindowLog: The largest zstd window (see ``ZstdDecoder``) or xz dictionary (see ``XZDecoder``)
    ///     accepted, as a power of two.
    /// - Throws: ``XStreamError`` when the source fails or its leading frames are cut short.
    public init(source: any ByteSource, name: String, maxWindowLog: Int = defaultMaxWindowLog) throws {
        let input = CompressedInput(source: source, name: name, capacity: ZSTD_DStreamInSize())
        self.input = input
        codec = try Self.detectCodec(input)
        switch codec {
        case .plain: decoder = nil
        case .zstd: decoder = try ZstdDecoder(input: input, maxWindowLog: maxWindowLog)
        case .lz4: decoder = try LZ4FrameDecoder(input: input)
        case .gzip: decoder = try GzipDecoder(input: input)
        case .bzip2: decoder = try Bzip2Decoder(input: input)
        case .xz: decoder = try XZDecoder(input: input, maxWindowLog: maxWindowLog)
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
            if let decoder {
                count = try decoder.decode(into: rest)
            } else {
                count = try input.read(into: rest)
            }
            if count == 0 { break }
            written += count
        }
        return written
    }

    /// Names the codec of a gzip, bzip2 or xz magic, or reads past leading skippable frames and names the codec
    /// of the first real frame.
    private static func detectCodec(_ input: CompressedInput) throws -> Codec {
        _ = try input.ensure(Codec.xzMagic.count)
        if let codec = Codec.streamCodec(startingWith: input.bytes) { return codec }
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
