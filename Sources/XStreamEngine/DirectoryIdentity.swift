#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory's device and inode: what a walk compares to notice a symbolic link back into a folder it is in.
struct DirectoryIdentity: Hashable {
    private let device: UInt64
    private let inode: UInt64

    /// The identity of `path` (`""` is the current directory) when it is a directory, after following links;
    /// nil otherwise.
    init?(_ path: String) {
        var info = stat()
        guard stat(path.isEmpty ? "." : path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
