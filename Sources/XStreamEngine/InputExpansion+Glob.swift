import XStreamCodecs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension InputExpansion {
    /// True when `argument` holds a glob character (`*`, `?` or `[`).
    static func isPattern(_ argument: String) -> Bool { argument.contains(where: { "*?[".contains($0) }) }

    /// The paths that match `pattern`, sorted byte-wise, each once; a matched directory stands for its files.
    ///
    /// Components without glob characters are taken as they are; the others are matched against directory
    /// entries with `fnmatch` (`FNM_PERIOD`: a leading `.` only matches a pattern's own `.`); `**` matches any
    /// number of folders, hidden ones excepted.
    static func matches(of pattern: String) throws -> [String] {
        let components = pattern.split(separator: "/").map(String.init)
        var found: [String] = []
        try match(pattern.hasPrefix("/") ? "/" : "", components[...], ancestors: [], into: &found)
        var unique: [String] = []
        for path in found.sorted(by: bytewise) where path != unique.last { unique.append(path) }
        return unique
    }

    private static func match(
        _ directory: String, _ parts: ArraySlice<String>, ancestors: Set<DirectoryIdentity>, into found: inout [String]
    ) throws {
        guard let part = parts.first else { return }
        let rest = parts.dropFirst()
        if part == "**", rest.isEmpty {
            found += try files(below: directory)
            return
        }
        if part == "**" {
            try match(directory, rest, ancestors: ancestors, into: &found)
            for name in try entries(of: directory) where !name.hasPrefix(".") {
                let path = join(directory, name)
                guard let identity = DirectoryIdentity(path), !ancestors.contains(identity) else { continue }
                try match(path, parts, ancestors: ancestors.union([identity]), into: &found)
            }
            return
        }
        let names: [String]
        if isPattern(part) {
            guard DirectoryIdentity(directory) != nil else { return }
            names = try entries(of: directory).filter { fnmatch(part, $0, FNM_PERIOD) == 0 }
        } else {
            names = [part]
        }
        for name in names {
            let path = join(directory, name)
            let identity = DirectoryIdentity(path)
            if rest.isEmpty {
                if identity != nil {
                    found += try files(below: path)
                } else if exists(path) {
                    found.append(path)
                }
            } else if let identity, !ancestors.contains(identity) {
                try match(path, rest, ancestors: ancestors.union([identity]), into: &found)
            }
        }
    }

    /// True when `path` names anything, a broken symbolic link included (so that reading it reports why).
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
