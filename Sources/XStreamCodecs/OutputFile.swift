#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file xstream writes for the user (`eval -o`, `convert -o`), written so that nothing is destroyed.
///
/// What the path names now decides how:
/// - a regular file, or nothing yet: a temporary file beside it, flushed to disk and renamed over it when
///   complete, so readers see the old file or the whole new one;
/// - a symbolic link (chains included): the same for the file it finally points to; the link stays;
/// - a character device, FIFO or socket (`/dev/stdout`, `/dev/null`, a pipe): written in place, with no
///   temporary file and no rename;
/// - a directory: an error.
///
/// Every error names the path as the user gave it, with the system's reason. Until ``commit()`` succeeds the
/// destination is untouched (for a regular file), and the temporary file is removed when the value goes
/// away or the process is interrupted (``TemporaryFiles``).
package final class OutputFile {
    /// The path as the user gave it.
    package let path: String
    /// The file finally written: `path` with every symbolic link followed.
    package let target: String
    /// True when the destination is written in place (a device, FIFO or socket).
    package let isInPlace: Bool
    /// Where the bytes go.
    package let sink: FileByteSink
    private let temporary: String?
    private var committed = false

    /// Resolves `path` and opens what the bytes go to.
    /// - Throws: ``XStreamError`` (`outputFailed`) naming `path`: a directory, a link loop, or a file that
    ///   cannot be created.
    package init(path: String) throws {
        self.path = path
        guard !path.isEmpty else { throw XStreamError(.outputFailed, "the output path is empty") }
        target = try Self.followLinks(path)
        var info = stat()
        var targetInfo = stat()
        let exists = stat(path, &info) == 0
        let kind = info.st_mode & S_IFMT
        if exists, kind == S_IFDIR { throw XStreamError(.outputFailed, "is a directory", at: Location(path)) }
        // A link the system resolves but that names no file (/dev/stdout → /proc/self/fd/1 → a pipe or an open
        // file) is written through the link, in place.
        let isMagicLink =
            exists
            && (stat(target, &targetInfo) != 0 || targetInfo.st_dev != info.st_dev || targetInfo.st_ino != info.st_ino)
        isInPlace = exists && (kind != S_IFREG || isMagicLink)
        if isInPlace {
            temporary = nil
            sink =
                kind == S_IFSOCK
                ? FileByteSink(descriptor: try Self.connect(toSocket: path), name: path)
                : try FileByteSink(path: path, creating: false)
            return
        }
        let temporary = Self.siblingPath(of: target, tag: "tmp")
        self.temporary = temporary
        TemporaryFiles.register(temporary)
        do {
            sink = try FileByteSink(path: temporary, name: path)
        } catch {
            TemporaryFiles.unregister(temporary)
            throw error
        }
        // A replaced file keeps its permissions.
        if exists { chmod(temporary, info.st_mode & 0o7777) }
    }

    deinit {
        if let temporary, !committed {
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }

    /// A hidden path beside the destination, in the same folder: `folder/.name.PID.tag` (beside the path as
    /// given when the destination is written in place, so not in `/dev`).
    package func siblingPath(tag: String) -> String { Self.siblingPath(of: isInPlace ? path : target, tag: tag) }

    /// Flushes the written bytes to disk and renames the temporary file over the destination.
    /// - Throws: ``XStreamError`` (`outputFailed`) naming ``path`` with the system's reason.
    package func commit() throws {
        guard let temporary else { return }
        try sink.synchronize()
        guard rename(temporary, target) == 0 else {
            throw XStreamError(
                .outputFailed, "cannot rename the finished file", at: Location(path), cause: SystemFailure.current)
        }
        committed = true
        TemporaryFiles.unregister(temporary)
    }

    /// A hidden path beside `path`, in the same folder (so a rename stays on one file system).
    package static func siblingPath(of path: String, tag: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder)/.\(name).\(getpid()).\(tag)"
    }

    /// `path` with every symbolic link followed, relative link texts read from the link's folder.
    static func followLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else {
                throw XStreamError(
                    .outputFailed, "cannot read the link", at: Location(path), cause: SystemFailure.current)
            }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        throw XStreamError(.outputFailed, "too many levels of symbolic links", at: Location(path))
    }
}
