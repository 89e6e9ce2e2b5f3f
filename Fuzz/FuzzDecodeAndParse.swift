// libFuzzer target over the whole decode-and-parse path: codec detection, zstd/lz4/plain decoding, format
// detection, CSV and .npy headers, chunking, row parsing and evaluation, strict and skipping.
// Built together with XStreamCore's sources by scripts/fuzz; any crash, sanitizer report, hang or
// runaway allocation is a finding.

#if canImport(Glibc)
    import Glibc
#endif

private let inputPath = "/dev/shm/xstream-fuzz-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeAndParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard file >= 0 else { return 0 }
    var written = 0
    while written < size {
        let count = write(file, data + written, size - written)
        if count <= 0 { break }
        written += count
    }
    close(file)
    let runs: [(Task, Bool, Int, Int)] = [
        (.binary, false, 1, 64), (.multiclass, true, 2, 7), (.regression, true, 1, 4096),
    ]
    for (task, skip, threads, chunkSize) in runs {
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: task), threads: threads, chunkSize: chunkSize, maxLineLength: 8192,
            maxWindowLog: 20, skipInvalid: skip)
        _ = try? Evaluation(paths: [inputPath], options: options).run()
    }
    return 0
}
