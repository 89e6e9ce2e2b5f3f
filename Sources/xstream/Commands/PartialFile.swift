import XStreamCore

/// Reading and writing partial files for `--partial-out` and `xstream merge`.
enum PartialFile {
    /// Reads the partial at `path` (`-` for standard input).
    /// - Throws: ``XStreamError`` (`io`) when it cannot be read, (`invalidPartial`) when it is not a readable,
    ///   undamaged partial.
    static func read(_ path: String) throws -> EvaluationPartial {
        let source = try FileByteSource(path: path)
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try block.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            bytes += block[..<count]
        }
        return try EvaluationPartial(fileBytes: bytes, name: path)
    }

    /// Writes `partial` to `path` atomically, or to standard output for `-`.
    static func write(_ partial: EvaluationPartial, to path: String) throws {
        let text = partial.fileText()
        if path == "-" {
            Standard.output(text)
        } else {
            try AtomicFile.write(text, to: path)
        }
    }
}
