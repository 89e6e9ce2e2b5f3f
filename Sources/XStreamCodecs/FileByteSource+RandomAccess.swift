#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FileByteSource {
    /// A random-access view of the same descriptor when it is a regular file (not a pipe or a terminal), else
    /// nil.
    package var randomAccess: (any RandomAccessByteSource)? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileRandomAccess(owner: self, size: Int(info.st_size))
    }
}

/// Positioned reads (`pread`) on a ``FileByteSource``'s descriptor, which it keeps open.
private final class FileRandomAccess: RandomAccessByteSource {
    let owner: FileByteSource
    let byteCount: Int
    private var position = 0

    init(owner: FileByteSource, size: Int) {
        self.owner = owner
        byteCount = size
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, max(0, byteCount - position))
        try read(at: position, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
        position += count
        return count
    }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let count = pread(owner.descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count > 0 {
                done += count
            } else if count == 0 {
                throw XStreamError(
                    .truncatedData, "the file ends at byte \(offset + done), inside data it declares",
                    at: Location(owner.path))
            } else if errno != EINTR {
                throw XStreamError(.io, "read failed", at: Location(owner.path), cause: SystemFailure.current)
            }
        }
    }
}
