#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension OutputFile {
    /// Checks, before any work, that `path` can be written as an output file will write it: it is not a
    /// directory, and the folder that will hold the new file (the final target's, links followed) exists and
    /// is writable. Devices, FIFOs and sockets are left to the write itself (opening a FIFO would wait for a
    /// reader).
    /// - Throws: ``XStreamError`` (`outputFailed`) naming `path` with the system's reason.
    package static func checkWritable(_ path: String) throws {
        guard !path.isEmpty else { throw XStreamError(.outputFailed, "the output path is empty") }
        let target = try followLinks(path)
        var info = stat()
        if stat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { throw XStreamError(.outputFailed, "is a directory", at: Location(path)) }
            guard kind == S_IFREG else { return }
        }
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
        guard access(folder, W_OK | X_OK) == 0 else {
            throw XStreamError(
                .outputFailed, "cannot write there (\(EscapedText.printable(folder, limit: 80)))", at: Location(path),
                cause: SystemFailure.current)
        }
    }
}
