import XStreamCodecs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input of an evaluation or conversion: its name for reports and messages, and how to open its bytes.
///
/// Files and standard input come with the library; any other stream (an object-store download, bytes in
/// memory) is a closure that returns a ``ByteSource``. The engine opens each input once, when a worker
/// gets to it.
///
/// ```swift
/// let inputs = [try InputSource.file("a.csv.zst"), InputSource.bytes(Array("label,pred\n1,0.9\n".utf8), name: "mem")]
/// ```
public struct InputSource: Sendable {
    /// The name in reports and messages: the path as given, `-` for standard input, or the caller's name.
    public let name: String
    /// The raw (compressed) size when known in advance, for progress.
    public let byteCount: Int?
    private let open: @Sendable () throws -> any ByteSource

    /// An input read from whatever `open` returns.
    /// - Parameters:
    ///   - name: The name in reports and messages.
    ///   - byteCount: The raw size, if known.
    ///   - open: Opens the bytes; called once, on a worker thread.
    public init(name: String, byteCount: Int? = nil, open: @escaping @Sendable () throws -> any ByteSource) {
        self.name = name
        self.byteCount = byteCount
        self.open = open
    }

    /// A file, checked now so that a missing or unreadable input fails before any work starts; `-` is
    /// standard input.
    /// - Throws: ``XStreamError`` (`io`) when the file does not exist, is a directory or cannot be read.
    public static func file(_ path: String) throws -> InputSource {
        if path == "-" { return standardInput }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw XStreamError(.io, "cannot open", at: Location(path), cause: SystemFailure.current)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw XStreamError(.io, "is a directory", at: Location(path)) }
        guard access(path, R_OK) == 0 else {
            throw XStreamError(.io, "cannot open", at: Location(path), cause: SystemFailure.current)
        }
        let size = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        return InputSource(name: path, byteCount: size) { try FileByteSource(path: path) }
    }

    /// Standard input, named `-`.
    public static let standardInput = InputSource(name: "-") { try FileByteSource(path: "-") }

    /// Bytes in memory.
    public static func bytes(_ bytes: [UInt8], name: String) -> InputSource {
        InputSource(name: name, byteCount: bytes.count) { MemoryByteSource(bytes) }
    }

    /// Opens the input's bytes.
    package func makeSource() throws -> any ByteSource { try open() }

    /// The inputs behind `paths` (`-` for standard input, at most once), each checked as ``file(_:)`` does.
    /// - Throws: ``XStreamError`` for no paths, `-` given twice, or a path that cannot be read.
    public static func files(_ paths: [String]) throws -> [InputSource] {
        guard !paths.isEmpty else { throw XStreamError(.usage, "no inputs given") }
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw XStreamError(.usage, "standard input (-) can be read only once")
        }
        return try paths.map(file)
    }
}
