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
        let temporary = siblingPath(of: path, tag: "tmp")
        defer { unlink(temporary) }
        let sink = try FileByteSink(path: temporary)
        var text = text
        try text.withUTF8 { try sink.write(UnsafeRawBufferPointer($0)) }
        try sink.synchronize()
        try rename(temporary, over: path)
    }

    /// A hidden path beside `path`, in the same folder (so a rename stays on one file system):
    /// `folder/.name.PID.tag`.
    package static func siblingPath(of path: String, tag: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder)/.\(name).\(getpid()).\(tag)"
    }

    /// Renames a finished temporary file over `path`.
    package static func rename(_ temporary: String, over path: String) throws {
        guard Glibc.rename(temporary, path) == 0 else {
            throw XStreamError(
                .outputFailed, "cannot rename the finished file", at: Location(path), cause: SystemFailure.current)
        }
    }
}
