// libFuzzer target over the whole decode-and-parse path: codec detection, zstd/lz4/plain decoding, format
// detection, CSV and .npy headers, chunking, row parsing and evaluation, strict and skipping.
// Built against the core's modules by scripts/fuzz; any crash, sanitizer report, hang or runaway allocation
// is a finding.

import XStreamCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeAndParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = InputSource.bytes(Array(UnsafeBufferPointer(start: data, count: size)), name: "fuzz")
    let runs: [(PredictionTask, Bool, Int, Int)] = [
        (.binary, false, 1, 64), (.multiclass, true, 2, 7), (.regression, true, 1, 4096),
    ]
    for (task, skip, threads, chunkSize) in runs {
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: task), threads: threads, chunkSize: chunkSize, maxLineLength: 8192,
            maxWindowLog: 20, skipInvalid: skip)
        _ = try? Evaluation(inputs: [input], options: options).run()
    }
    return 0
}
