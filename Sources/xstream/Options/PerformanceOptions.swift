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

    @Flag(
        help: ArgumentHelp(
            "Take every log with one call to the C library's log instead of the vector kernel: the same bits, slower. (also: XSTREAM_SCALAR_LOG=1)"
        ))
    var scalarLog = false

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024") }
        guard (10...31).contains(maxWindowLog) else { throw ValidationError("--max-window-log must be in 10...31") }
        guard chunkSize.bytes <= 1 << 30 else { throw ValidationError("--chunk-size must be at most 1G") }
        guard maxLineLength.bytes <= 1 << 30 else { throw ValidationError("--max-line-length must be at most 1G") }
    }
}
