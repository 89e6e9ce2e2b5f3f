/// Writes a file so that readers see either the old file or the complete new one, never a part.
public enum AtomicFile {
    /// Writes `text` to `path` by the rules of an output file: a regular file (or a new path, or the file a
    /// symbolic link points to) is written beside it, flushed to disk and renamed into place; a device, FIFO
    /// or socket is written in place; a directory is refused.
    /// - Throws: ``XStreamError`` (`outputFailed`) naming the path and the system's reason; nothing partial
    ///   or temporary is left behind.
    public static func write(_ text: String, to path: String) throws {
        let file = try OutputFile(path: path)
        var text = text
        try text.withUTF8 { try file.sink.write(UnsafeRawBufferPointer($0)) }
        try file.commit()
    }
}
