#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a part.
public enum AtomicFile {
    /// Writes `text` to a temporary file in the destination's folder, flushes it to disk, then renames it
    /// over `path`.
    /// - Throws: ``XStreamError`` (`outputFailed`) naming the path and the system's reason.
    public static func write(_ text: String, to path: String) throws {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(folder.isEmpty ? "" : folder)/.\(name).\(getpid()).tmp"
        func failure(_ what: String) -> XStreamError {
            XStreamError(
                .outputFailed, "\(path): cannot write the report: \(what): \(String(cString: strerror(errno)))")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write failed")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += count
        }
        bytes.removeAll()
        guard fsync(fd) == 0, close(fd) == 0 else {
            let error = failure("flush failed")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename failed")
            unlink(temporary)
            throw error
        }
    }
}
