/// Where an input's raw (possibly compressed) bytes come from: a file, standard input, memory, or anything a
/// caller implements (an object-store stream, a test's bytes).
///
/// A source is read by one thread at a time, front to back, once.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`.
    /// - Returns: the bytes read; 0 only at the end of the input.
    /// - Throws: ``XStreamError`` (`io`) on a read error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
