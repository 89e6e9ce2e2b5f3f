#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to a file it creates (truncating any old one), to one that exists (a device or a FIFO), or to
/// a connected socket.
final class FileByteSink {
    /// The path named in messages.
    let path: String
    private let descriptor: Int32

    /// Creates (or truncates) `path`, or with `creating: false` opens (and truncates) what exists there.
    /// - Parameter name: The path named in messages (the user's, when `path` is a temporary file).
    /// - Throws: ``XStreamError`` (`outputFailed`) when the file cannot be created.
    init(path: String, name: String? = nil, creating: Bool = true) throws {
        self.path = name ?? path
        descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | (creating ? O_CREAT : 0), 0o644)
        guard descriptor >= 0 else {
            let what = creating ? "create" : "open"
            throw XStreamError(.outputFailed, "\(self.path): cannot \(what): \(String(cString: strerror(errno)))")
        }
    }

    /// Takes over an open descriptor (a connected socket), closed when the sink goes away.
    /// - Parameter name: The path named in messages.
    init(descriptor: Int32, name: String) {
        path = name
        self.descriptor = descriptor
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
