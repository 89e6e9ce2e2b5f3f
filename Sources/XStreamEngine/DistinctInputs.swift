import XStreamCodecs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The same file given twice (the same path, another spelling, a hard or symbolic link, or standard input
/// redirected from it) would be counted twice; it is a usage error instead.
package enum DistinctInputs {
    /// Checks that no two of `paths` name the same file (same device and inode).
    /// - Throws: ``XStreamError`` (`usage`) naming both arguments. Paths that cannot be examined are left to
    ///   the readers, which report them.
    package static func check(_ paths: [String]) throws {
        var firstByFile: [FileIdentity: String] = [:]
        for path in paths {
            var info = stat()
            let found = path == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(path, &info) == 0
            // Only files that stay what they are can be read twice; a pipe or a terminal is read once anyway.
            guard found, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            if let first = firstByFile[identity] {
                let name = { (path: String) in path == "-" ? "standard input (-)" : path }
                throw XStreamError(
                    .usage, "\(name(first)) and \(name(path)) are the same file; give each input once")
            }
            firstByFile[identity] = path
        }
    }

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }
}
