import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamMetrics

/// The shipped fixture sets recompressed with `gzip`, `bzip2` and `xz` give the oracle's metrics bit for bit.
@Suite struct CompressedFixtureTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// A fixture input's plain bytes, decompressed by its reference tool.
    private func plainBytes(_ path: String) throws -> Data {
        let tool: [String]? =
            path.hasSuffix(".zst") ? ["zstd", "-dcq"] : path.hasSuffix(".lz4") ? ["lz4", "-dcq"] : nil
        guard let tool else { return try Data(contentsOf: URL(fileURLWithPath: path)) }
        let (status, output) = try TestSupport.run(tool + [path])
        #expect(status == 0)
        return output
    }

    @Test(
        arguments: EvaluationTests.streamableFixtureSets,
        [("gzip", Codec.gzip), ("bzip2", Codec.bzip2), ("xz", Codec.xz)])
    func recompressedFixturesMatchTheOracle(set: EvaluationTests.FixtureSet, tool: (name: String, codec: Codec)) throws
    {
        var paths: [String] = []
        for (index, input) in set.inputs.enumerated() {
            let (status, compressed) = try TestSupport.run([tool.name, "-c", "-q"], input: try plainBytes(input))
            #expect(status == 0)
            let url = folder.appendingPathComponent("\(set.name)-\(index).\(tool.name)")
            try compressed.write(to: url)
            paths.append(url.path)
        }
        for (threads, chunkSize) in [(1, 1 << 20), (3, 100)] {
            let result = try Evaluation(paths: paths, options: set.options(threads: threads, chunkSize: chunkSize))
                .run()
            #expect(result.inputs.map(\.codec) == Array(repeating: tool.codec, count: paths.count))
            let expected = set.expected
            #expect(result.rows == expected["rows"]?.doubleValue.map(Int.init))
            let metrics = expected["metrics"]!
            #expect(result.metrics.map(\.name.rawValue) == metrics.keys)
            for metric in result.metrics {
                let want = metrics[metric.name.rawValue]?.doubleValue ?? .nan
                #expect(metric.value.bitPattern == want.bitPattern, "\(set.name) \(tool.name) \(metric.name)")
            }
        }
    }
}
