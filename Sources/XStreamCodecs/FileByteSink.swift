#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to a file it creates (truncating any old one).
package final class FileByteSink {
    /// The path written to.
    package let path: String
    private let descriptor: Int32

    /// Creates (or truncates) `path`.
    /// - Throws: ``XStreamError`` (`outputFailed`) when the file cannot be created.
    package init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw XStreamError(.outputFailed, "cannot create", at: Location(path), cause: SystemFailure.current)
        }
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw XStreamError(.outputFailed, "write failed", at: Location(path), cause: SystemFailure.current)
            }
            offset += count
        }
    }

    /// Flushes the file to disk.
    package func synchronize() throws {
        guard fsync(descriptor) == 0 else {
            throw XStreamError(.outputFailed, "flush failed", at: Location(path), cause: SystemFailure.current)
        }
    }
}
