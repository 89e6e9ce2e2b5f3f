import Benchmark
import Foundation
import XStreamCore
import XStreamStageBenchmarks

/// One benchmark per pipeline stage. Each reports wall time and throughput (rows or bytes per second) and the
/// number of heap allocations, which is the only metric with committed thresholds (wall time is too noisy on
/// shared machines; the macro harness measures it against the decompression floor instead).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 200,
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 10])]
    )
    let rows = 100_000
    let csv = StageBenchmarks.binaryCSV(rows: rows)
    let npy = StageBenchmarks.binaryNPY(rows: rows)
    let numbers =
        Array(
            csv.split(separator: UInt8(ascii: "\n")).dropFirst().map { $0.split(separator: UInt8(ascii: ","))[1] }
                .joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]

    Benchmark("Decimal parsing (100k numbers)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(StageBenchmarks.parseNumbers(numbers)) }
    }

    let csvChunk = try! PreparedChunk(bytes: csv, task: .binary)
    Benchmark("CSV chunk parsing (100k rows)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(csvChunk.parse()) }
    }
    Benchmark("CSV chunk to partial, binary (100k rows)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(csvChunk.evaluate()) }
    }

    let npyChunk = try! PreparedChunk(bytes: npy, task: .binary)
    Benchmark(".npy record decoding (100k records)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(npyChunk.parse()) }
    }
    Benchmark(".npy chunk to partial, binary (100k records)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(npyChunk.evaluate()) }
    }

    let terms = (0..<rows).map { Double($0 % 1000) * 0.001 + 1e-9 }
    Benchmark("ExactSum.add (100k doubles)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            var sum = ExactSum()
            for term in terms { sum.add(term) }
            blackHole(sum.value)
        }
    }
    Benchmark("glibc log, for scale (100k)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            var total = 0.0
            for term in terms { total += log(term) }
            blackHole(total)
        }
    }

    for (name, flags) in [("zstd", ["-3"]), ("lz4", ["-1"])] {
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-bench.csv")
        FileManager.default.createFile(atPath: plain.path, contents: Data(StageBenchmarks.binaryCSV(rows: 700_000)))
        let compressed = plain.path + "." + name
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name, "-q", "-f"] + flags + [plain.path] + (name == "zstd" ? ["-o"] : []) + [compressed]
        try! process.run()
        process.waitUntilExit()
        Benchmark("\(name) decoding (8 MB)", configuration: .init(scalingFactor: .one)) { benchmark in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
            defer { buffer.deallocate() }
            for _ in benchmark.scaledIterations {
                let decoder = try StreamDecoder(path: compressed)
                var total = 0
                while case let count = try decoder.read(into: buffer), count > 0 { total += count }
                blackHole(total)
            }
        }
    }
}
