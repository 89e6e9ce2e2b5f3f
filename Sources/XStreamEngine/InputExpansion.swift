import XStreamCodecs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the inputs a user names (files, directories, glob patterns and files that list inputs) into the
/// paths to read, in a deterministic order, as real jobs name their shards.
///
/// - A directory stands for every file below it, recursively, sorted byte-wise by the path relative to it.
///   Hidden files and folders (a name starting with `.`) are skipped; symbolic links to folders are followed,
///   except into a folder that contains them (a cycle). A directory with no file is an error.
/// - An argument that does not exist as a file and contains `*`, `?` or `[` is a glob pattern, expanded here
///   (for patterns quoted against the shell, and lists too long for it): `*`, `?` and `[...]` within one path
///   component (not matching a leading `.`), `**` for any number of folders. Matches are sorted byte-wise; a
///   matched directory stands for its files. A pattern that matches nothing is an error naming it.
/// - A list file holds one input per line, expanded as an argument; blank lines and lines starting with `#`
///   are skipped. `-` reads the list from standard input.
///
/// Every other argument, `-` included, is passed on as it is; ``InputSource/file(_:)`` checks it. Paths keep
/// the spelling they were found under (`shards/a/b.csv`), which is what reports and messages show.
public enum InputExpansion {
    /// The paths behind `arguments`, then behind the entries of each list file, in that order.
    /// - Parameters:
    ///   - arguments: Files, directories, glob patterns, or `-` for standard input.
    ///   - lists: Files holding one input per line, or `-` for standard input.
    /// - Returns: The paths to read; empty only when both are empty.
    /// - Throws: ``XStreamError`` for an unreadable list or directory, a directory without files, a pattern
    ///   that matches nothing, or standard input asked for twice.
    public static func paths(_ arguments: [String], listedIn lists: [String] = []) throws -> [String] {
        if lists.contains("-"), arguments.contains("-") || lists.filter({ $0 == "-" }).count > 1 {
            throw XStreamError(.usage, "standard input (-) can be read only once")
        }
        var entries = arguments
        for list in lists { entries += listedEntries(try readAll(list)) }
        return try entries.flatMap(expand)
    }

    /// The inputs behind `arguments` and the list files, each checked as ``InputSource/file(_:)`` does.
    /// - Throws: as ``paths(_:listedIn:)``, ``XStreamError`` (`usage`) when there is no input at all, and
    ///   ``XStreamError`` (`io`) for a path that cannot be read.
    public static func sources(_ arguments: [String], listedIn lists: [String] = []) throws -> [InputSource] {
        try InputSource.files(paths(arguments, listedIn: lists))
    }

    /// The entries of a list: one per line (LF or CRLF), without blank lines and lines starting with `#`.
    public static func listedEntries(_ text: [UInt8]) -> [String] {
        text.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let line = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard line.first != UInt8(ascii: "#"), line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
                return nil
            }
            return String(decoding: line, as: UTF8.self)
        }
    }

    /// One argument's paths.
    private static func expand(_ argument: String) throws -> [String] {
        if argument == "-" { return [argument] }
        var info = stat()
        if stat(argument, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { return [argument] }
            let files = try files(below: argument)
            guard !files.isEmpty else { throw XStreamError(.io, "no input files in \(argument)") }
            return files
        }
        guard isPattern(argument) else { return [argument] }
        let matches = try matches(of: argument)
        guard !matches.isEmpty else { throw XStreamError(.io, "no files match the pattern \"\(argument)\"") }
        return matches
    }

    /// Every file below `directory` (spelled as given; `""` is the current one), sorted byte-wise by the path relative to it.
    static func files(below directory: String) throws -> [String] {
        var relative: [String] = []
        let root = DirectoryIdentity(directory).map { Set([$0]) } ?? []
        try walk(directory, relative: "", ancestors: root, into: &relative)
        return relative.sorted(by: bytewise).map { join(directory, $0) }
    }

    private static func walk(
        _ directory: String, relative: String, ancestors: Set<DirectoryIdentity>, into found: inout [String]
    ) throws {
        for name in try entries(of: directory) where !name.hasPrefix(".") {
            let path = join(directory, name)
            let child = relative.isEmpty ? name : relative + "/" + name
            if let identity = DirectoryIdentity(path) {
                if ancestors.contains(identity) { continue }  // a link back to a folder above: a cycle
                try walk(path, relative: child, ancestors: ancestors.union([identity]), into: &found)
            } else {
                found.append(child)
            }
        }
    }

    /// The names in `directory` (`""` is the current one), without `.` and `..`.
    static func entries(of directory: String) throws -> [String] {
        let path = directory.isEmpty ? "." : directory
        guard let handle = opendir(path) else {
            throw XStreamError(.io, "cannot read the directory", at: Location(path), cause: SystemFailure.current)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// `name` inside `directory`; `""` is the current directory.
    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Byte-wise order of paths (not Unicode order), as `LC_ALL=C sort` has it.
    static func bytewise(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Reads a whole list file, or standard input for `-`.
    private static func readAll(_ path: String) throws -> [UInt8] {
        let source = try FileByteSource(path: path)
        var bytes: [UInt8] = []
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { block.deallocate() }
        while true {
            let count = try source.read(into: block)
            if count == 0 { return bytes }
            bytes += block[0..<count]
        }
    }
}
