#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw bytes from a file descriptor: a file opened by path, or standard input for the path `-`.
///
/// Not `Sendable`: one reader owns it at a time.
public final class FileByteSource: ByteSource {
    /// The path as the user gave it (`-` for standard input).
    public let path: String
    let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading, or standard input when `path` is `-`.
    /// - Throws: ``XStreamError`` with code `io` when the file cannot be opened or is a directory.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XStreamError(.io, "cannot open", at: Location(path), cause: SystemFailure.current)
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw XStreamError(.io, "is a directory", at: Location(path))
        }
        descriptor = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads up to `buffer.count` bytes; 0 only at the end of the input.
    /// - Throws: ``XStreamError`` (`io`) naming the path and the system's reason.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw XStreamError(.io, "read failed", at: Location(path), cause: SystemFailure.current)
        }
    }
}
