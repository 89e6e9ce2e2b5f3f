import Foundation
import Testing
import XStreamCore

@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics

/// Labels written as `true` / `false` words (pandas writes `True`, Polars `true`) are 1 and 0; predictions
/// stay numbers only. Compared bit for bit with the oracle, which implements the same rule on its own.
@Suite struct BooleanLabelTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// Random binary rows whose labels are spelled in every accepted way, plain lines and quoted or spaced ones,
    /// in a plain, a gzip and an xz shard.
    private func writeShards(rows: Int, seed: UInt64, badWords: Bool = false) throws -> [String] {
        var generator = TestSupport.SeededGenerator(seed: seed)
        var paths: [String] = []
        for shard in 0..<3 {
            var lines = ["id,label,pred"]
            for row in 0..<rows {
                let truth = Bool.random(using: &generator)
                var label: String
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: label = truth ? "TRUE" : "FALSE"
                case 1: label = truth ? "true" : "false"
                case 2: label = truth ? "1" : "0"
                case 3: label = truth ? "\"True\"" : " False "
                case 4: label = "0.25"
                default: label = truth ? "True" : "False"
                }
                var pred = String(Double.random(in: 0...1, using: &generator))
                if badWords, Int.random(in: 0..<150, using: &generator) == 0 {
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: label = "tRUE"
                    case 1: label = "yes"
                    case 2: label = "Truee"
                    default: pred = "True"
                    }
                }
                lines.append("\(row),\(label),\(pred)")
            }
            let url = folder.appendingPathComponent("bool-\(shard).csv")
            try (lines.joined(separator: shard == 1 ? "\r\n" : "\n") + "\n").write(
                to: url, atomically: true, encoding: .utf8)
            // As pandas writes `x.csv.gz` and others `x.csv.xz`; the oracle reads them with Python's modules.
            let tool = ["", "gzip", "xz"][shard]
            if tool.isEmpty {
                paths.append(url.path)
            } else {
                #expect(try TestSupport.run([tool, "-q", url.path]).status == 0)
                paths.append(url.path + (tool == "gzip" ? ".gz" : ".xz"))
            }
        }
        return paths
    }

    private func options(threads: Int, chunkSize: Int, skipInvalid: Bool = false) -> EvaluationOptions {
        EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]),
            threads: threads, chunkSize: chunkSize, skipInvalid: skipInvalid)
    }

    @Test func wordLabelsMatchTheOracle() throws {
        let paths = try writeShards(rows: 900, seed: 61)
        let expected = try TestSupport.oracle(["--pred", "pred"] + paths, in: folder)
        #expect(expected["error"] == nil)
        for (threads, chunkSize) in [(1, 1 << 20), (2, 13), (3, 4096)] {
            let result = try Evaluation(paths: paths, options: options(threads: threads, chunkSize: chunkSize)).run()
            #expect(result.rows == expected["rows"]?.doubleValue.map(Int.init))
            #expect(result.metrics.map(\.name.rawValue) == expected["metrics"]!.keys)
            for metric in result.metrics {
                #expect(
                    metric.value.bitPattern == expected["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern,
                    "threads \(threads) chunk \(chunkSize) \(metric.name)")
            }
        }
    }

    /// Other words, other capitalisations and words in prediction columns are not numbers, counted and placed
    /// as the oracle does.
    @Test func otherWordsAndWordPredictionsAreInvalid() throws {
        let paths = try writeShards(rows: 900, seed: 62, badWords: true)
        let skipped = try TestSupport.oracle(["--pred", "pred", "--skip-invalid"] + paths, in: folder)
        let result = try Evaluation(paths: paths, options: options(threads: 2, chunkSize: 777, skipInvalid: true))
            .run()
        #expect(result.invalidRows > 0)
        #expect(Double(result.invalidRows) == skipped["invalid_rows"]?.doubleValue)
        for metric in result.metrics {
            #expect(metric.value.bitPattern == skipped["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern)
        }
        let error = try TestSupport.oracle(["--pred", "pred"] + paths, in: folder)["error"]!
        TestSupport.expectFailure(
            .invalidRow,
            containing: ["\(error["file"]!.stringValue!):\(Int(error["line"]!.doubleValue!)): ", "is not a number"]
        ) {
            _ = try Evaluation(paths: paths, options: options(threads: 2, chunkSize: 100)).run()
        }
    }

    @Test func convertWritesWordLabelsAsIntegers() throws {
        let csv = folder.appendingPathComponent("pandas.csv")
        try "label,pred\nTrue,0.75\nFalse,0.25\ntrue,0.5\n".write(to: csv, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("pandas.npy").path
        let summary = try Conversion.run(
            paths: [csv.path], output: output, options: ConversionOptions(columns: ColumnSelection()))
        #expect(summary.fields.map(\.type) == ["|u1", "<f8"])
        let plain = folder.appendingPathComponent("plain.csv")
        try "label,pred\n1,0.75\n0,0.25\n1,0.5\n".write(to: plain, atomically: true, encoding: .utf8)
        let converted = try Evaluation(paths: [output], options: options(threads: 1, chunkSize: 1 << 20)).run()
        let reference = try Evaluation(paths: [plain.path], options: options(threads: 1, chunkSize: 1 << 20)).run()
        #expect(converted.metrics.map(\.value.bitPattern) == reference.metrics.map(\.value.bitPattern))
    }
}
