#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to a file it creates (truncating any old one).
final class FileByteSink {
    /// The path written to.
    let path: String
    private let descriptor: Int32

    /// Creates (or truncates) `path`.
    /// - Throws: ``XStreamError`` (`outputFailed`) when the file cannot be created.
    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw XStreamError(.outputFailed, "\(path): cannot create: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw XStreamError(.outputFailed, "\(path): write failed: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    /// Flushes the file to disk.
    func synchronize() throws {
        guard fsync(descriptor) == 0 else {
            throw XStreamError(.outputFailed, "\(path): flush failed: \(String(cString: strerror(errno)))")
        }
    }
}
