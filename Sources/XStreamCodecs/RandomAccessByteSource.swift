/// A ``ByteSource`` that can also read at any offset: what formats whose metadata sits at the end (Parquet)
/// need.
package protocol RandomAccessByteSource: ByteSource {
    /// The size of the whole input, in bytes.
    var byteCount: Int { get }

    /// Reads exactly `buffer.count` bytes starting at `offset`.
    /// - Throws: ``XStreamError`` (`io`) on a read error, (`truncatedData`) when the input ends first.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws
}
