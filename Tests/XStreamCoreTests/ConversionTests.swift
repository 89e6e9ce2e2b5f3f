import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// CSV → `xstream convert` → `.npy` → eval: the same bits, for every fixture set and output codec.
@Suite struct ConversionTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    @Test(arguments: EvaluationTests.fixtureSets, ["npy", "npy.zst", "npy.lz4"])
    func convertingWithFloat64KeepsEveryBit(set: EvaluationTests.FixtureSet, suffix: String) throws {
        let options = set.options(threads: 2, chunkSize: 1000)
        let output = folder.appendingPathComponent("\(set.name).\(suffix)").path
        let summary = try Conversion.run(
            paths: set.inputs, output: output,
            options: ConversionOptions(columns: options.columns, chunkSize: 777))
        #expect(summary.rows == Int(set.expected["rows"]!.doubleValue!))
        #expect(summary.codec == Conversion.codec(forOutput: output))
        var convertedOptions = options
        if set.name == "npy-multiclass" {
            // A 2-D array's columns keep their names (0, 1, …) as fields: the label is field "0".
            convertedOptions.columns = ColumnSelection(labels: ["0"])
        }
        let result = try Evaluation(paths: [output], options: convertedOptions).run()
        for metric in result.metrics {
            #expect(
                metric.value.bitPattern == set.expected["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern,
                "\(metric.name)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".records") }, "temporary files are removed")
    }

    @Test func labelFieldTypesFollowTheValues() throws {
        let csv = folder.appendingPathComponent("labels.csv")
        try "a,b,c,d,pred\n0,-3,0.5,70000,0.25\n1,100,1,2,0.5\n".write(to: csv, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("labels.npy").path
        let summary = try Conversion.run(
            paths: [csv.path], output: output,
            options: ConversionOptions(
                columns: ColumnSelection(labels: ["a", "b", "c", "d"], predictions: ["pred"]),
                predictionType: .float32))
        #expect(summary.fields.map(\.type) == ["|u1", "|i1", "<f8", "<u4", "<f4"])
    }

    /// The float32 file read by the oracle's own `.npy` reader gives the same metrics as xstream.
    @Test func float32OutputAgreesWithTheOracle() throws {
        let set = EvaluationTests.fixtureSets.first { $0.name == "binary" }!
        let output = folder.appendingPathComponent("f4.npy.zst").path
        _ = try Conversion.run(
            paths: set.inputs, output: output,
            options: ConversionOptions(
                columns: ColumnSelection(predictions: ["pred"]), predictionType: .float32))
        let expected = try TestSupport.oracle([output], in: folder)
        let result = try Evaluation(
            paths: [output], options: EvaluationOptions(settings: EvaluationSettings(task: .binary))
        ).run()
        for metric in result.metrics {
            #expect(
                metric.value.bitPattern == expected["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern,
                "\(metric.name)")
        }
    }

    @Test func invalidRowsAndBadOutputsFailWithoutWritingTheOutput() throws {
        let csv = folder.appendingPathComponent("bad.csv")
        try "label,pred\n1,0.5\n0,zz\n".write(to: csv, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("bad.npy").path
        do {
            _ = try Conversion.run(paths: [csv.path], output: output, options: ConversionOptions())
            Issue.record("converted an invalid row")
        } catch let error as XStreamError {
            #expect(error.code == .invalidRow)
            #expect(error.message.hasPrefix("\(csv.path):3: "))
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(throws: XStreamError.self) {
            try Conversion.run(
                paths: [csv.path], output: folder.appendingPathComponent("x.parquet").path,
                options: ConversionOptions())
        }
    }
}
