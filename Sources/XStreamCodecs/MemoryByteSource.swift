/// Bytes held in memory, read front to back: inputs made by tests, fuzzers and benchmarks.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// - Parameter bytes: The whole input.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies the next bytes; 0 once every byte has been read.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
