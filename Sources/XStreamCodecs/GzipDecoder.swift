internal import CZlib

/// Streaming gzip decompression over a ``CompressedInput``, writing straight into the caller's buffer.
///
/// Concatenated members (`cat a.gz b.gz`) and empty members decode in sequence; zlib checks every member's
/// CRC-32 and length (ISIZE) trailer. Bytes after a member that are not another member are corrupt data. The
/// stream is created once and reset for every member. The corresponding C function is `inflate`.
final class GzipDecoder: CodecDecoder {
    /// zlib keeps a pointer back to its `z_stream` and checks it, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: CompressedInput
    /// True from the first byte of a member until its trailer has been checked; the input starts with one.
    private var memberInProgress = true

    /// - Parameter input: The compressed bytes, positioned at the first member.
    init(input: CompressedInput) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = CZlib_inflateInitGzip(stream)
        guard status == Z_OK else {
            stream.deallocate()
            throw XStreamError(
                .io, "cannot create a zlib inflate stream", at: Location(input.name),
                cause: CodecFailure(name: String(cString: zError(status))))
        }
        self.input = input
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses into `destination` until it is full or the input ends.
    /// - Returns: the bytes written; 0 only when every member has been decoded completely.
    /// - Throws: ``XStreamError`` for corrupt data, CRC-32 or length mismatches and truncation.
    func decode(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < destination.count {
            try input.refillIfEmpty()
            let available = input.bytes
            if available.isEmpty {
                guard memberInProgress else { break }
                // No input left: let zlib flush what it holds; if it cannot, the member was cut short.
                let before = written
                try step(destination, &written, available)
                if written == before, memberInProgress {
                    throw XStreamError(
                        .truncatedData,
                        "truncated gzip data: the input ends inside a member at compressed byte offset \(input.consumedBytes)",
                        at: Location(input.name, compressedByteOffset: input.consumedBytes))
                }
                continue
            }
            try step(destination, &written, available)
        }
        return written
    }

    private func step(
        _ destination: UnsafeMutableRawBufferPointer, _ written: inout Int, _ available: UnsafeRawBufferPointer
    ) throws {
        if !available.isEmpty { memberInProgress = true }
        let inCount = UInt32(min(available.count, Int(UInt32.max)))
        let outCount = UInt32(min(destination.count - written, Int(UInt32.max)))
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: available.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = inCount
        stream.pointee.next_out = (destination.baseAddress! + written).assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = outCount
        let status = inflate(stream, Z_NO_FLUSH)
        let consumed = Int(inCount - stream.pointee.avail_in)
        let offset = input.consumedBytes + consumed
        input.consume(consumed)
        written += Int(outCount - stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case Z_OK, Z_BUF_ERROR:
            // Z_BUF_ERROR only says that no progress was possible; the caller decides whether that is truncation.
            break
        case Z_STREAM_END:
            memberInProgress = false
            inflateReset(stream)
        default:
            let name = stream.pointee.msg.map { String(cString: $0) } ?? String(cString: zError(status))
            throw XStreamError(
                .corruptData, "corrupt gzip data at compressed byte offset \(offset)",
                at: Location(input.name, compressedByteOffset: offset), cause: CodecFailure(name: name))
        }
    }
}
