#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to a file it creates (truncating any old one), to one that exists (a device or a FIFO), or to
/// a connected socket.
package final class FileByteSink {
    /// The path named in messages.
    package let path: String
    private let descriptor: Int32

    /// Creates (or truncates) `path`, or with `creating: false` opens (and truncates) what exists there.
    /// - Parameter name: The path named in messages (the user's, when `path` is a temporary file).
    /// - Throws: ``XStreamError`` (`outputFailed`) when the file cannot be created.
    package init(path: String, name: String? = nil, creating: Bool = true) throws {
        self.path = name ?? path
        descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | (creating ? O_CREAT : 0), 0o644)
        guard descriptor >= 0 else {
            throw XStreamError(
                .outputFailed, creating ? "cannot create" : "cannot open", at: Location(self.path),
                cause: SystemFailure.current)
        }
    }

    /// Takes over an open descriptor (a connected socket), closed when the sink goes away.
    /// - Parameter name: The path named in messages.
    package init(descriptor: Int32, name: String) {
        path = name
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`.
    /// - Throws: ``XStreamError`` (`outputFailed`) with the system's reason (a full disk, a closed pipe).
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
    /// - Throws: ``XStreamError`` (`outputFailed`) with the system's reason.
    package func synchronize() throws {
        guard fsync(descriptor) == 0 else {
            throw XStreamError(.outputFailed, "flush failed", at: Location(path), cause: SystemFailure.current)
        }
    }
}
