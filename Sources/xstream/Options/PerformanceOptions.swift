import ArgumentParser
import XStreamCore

/// Threads, chunking and memory limits.
struct PerformanceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads. (default: the active processor count)", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Decompressed bytes per chunk, e.g. 1M, 256K, 100.", valueName: "size"))
    var chunkSize: ByteCount = ByteCount(EvaluationOptions.defaultChunkSize)

    @Option(
        help: ArgumentHelp(
            "Longest accepted line; a longer one is an error, found without buffering the rest of it. The limit in force is at least --chunk-size.",
            valueName: "size"))
    var maxLineLength: ByteCount = ByteCount(EvaluationOptions.defaultMaxLineLength)

    @Option(
        help: ArgumentHelp(
            "Refuse zstd frames whose window, and xz streams whose dictionary, is above 2^n bytes (memory per input being read). 27 = 128 MiB, as zstd itself.",
            valueName: "n"))
    var maxWindowLog: Int = 27

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024") }
        guard (10...31).contains(maxWindowLog) else { throw ValidationError("--max-window-log must be in 10...31") }
        guard chunkSize.bytes <= 1 << 30 else { throw ValidationError("--chunk-size must be at most 1G") }
        guard maxLineLength.bytes <= 1 << 30 else { throw ValidationError("--max-line-length must be at most 1G") }
    }
}

/// A size in bytes, written as a number with an optional K, M or G suffix (powers of 1024).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var text = Substring(argument.uppercased())
        if text.hasSuffix("IB") { text = text.dropLast(2) } else if text.hasSuffix("B") { text = text.dropLast() }
        var scale = 1
        if let last = text.last, let unit = units[last] {
            scale = unit
            text = text.dropLast()
        }
        guard let value = Int(text), value > 0, value <= (1 << 40) / scale else { return nil }
        bytes = value * scale
    }

    var description: String {
        for (suffix, unit) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return String(bytes)
    }

    var defaultValueDescription: String { description }
}
