/// A decoder of one codec's compressed stream over a ``CompressedInput``, writing straight into the caller's
/// buffer. ``StreamDecoder`` owns one, chosen by the detected ``Codec``.
protocol CodecDecoder: AnyObject {
    /// Decompresses into `destination` until it is full or the input ends.
    /// - Returns: the bytes written; 0 only when the whole input has been decoded completely.
    /// - Throws: ``XStreamError`` naming the input and the compressed byte offset of the problem.
    func decode(into destination: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ZstdDecoder: CodecDecoder {}
extension LZ4FrameDecoder: CodecDecoder {}
