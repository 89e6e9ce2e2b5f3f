import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Slices: every slice's metrics against the live oracle bit for bit, by CSV text columns and `.npy` integer
/// fields, with and without weights, at several thread counts and chunk sizes; the slice limit, slice gates,
/// and partials with slices.
@Suite struct SliceEvaluationTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// Writes a binary CSV with columns id, label, pred, w, region (a few spellings, some quoted, one with an
    /// escaped quote) and tier.
    private func writeCSV(rows: Int, seed: UInt64, name: String, regions: Int = 5) throws -> String {
        var generator = TestSupport.SeededGenerator(seed: seed)
        var lines = ["id,label,pred,w,region,tier"]
        for row in 0..<rows {
            let y = Double(Int.random(in: 0...1, using: &generator))
            let p = Double.random(in: 0...1, using: &generator)
            let w = [0, 1, 2.5, 1e-300, 1e300, Double.random(in: 0...3, using: &generator)][
                Int.random(in: 0..<6, using: &generator)]
            let region = ["eu", "us", "Ünïcode", "a,b", "q\"x"][Int.random(in: 0..<regions, using: &generator)]
            let quoted = "\"" + region.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let spelled =
                region.contains(",") || region.contains("\"") || Int.random(in: 0..<4, using: &generator) == 0
                ? quoted : Int.random(in: 0..<4, using: &generator) == 0 ? " \(region) " : region
            let tier = Int.random(in: 0..<3, using: &generator)
            lines.append("\(row),\(y),\(p),\(w),\(spelled),t\(tier)")
        }
        let url = folder.appendingPathComponent("\(name).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A structured `.npy` with fields label (|u1), pred (<f8), group (<i4, negative too) and flag (|b1).
    private func writeNPY(rows: Int, seed: UInt64, name: String) throws -> String {
        var generator = TestSupport.SeededGenerator(seed: seed)
        var header =
            "{'descr': [('label', '|u1'), ('pred', '<f8'), ('group', '<i4'), ('flag', '|b1')], 'fortran_order': False, 'shape': (\(rows),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        for _ in 0..<rows {
            bytes.append(UInt8(Int.random(in: 0...1, using: &generator)))
            withUnsafeBytes(of: Double.random(in: 0...1, using: &generator).bitPattern.littleEndian) {
                bytes += $0
            }
            withUnsafeBytes(of: Int32(Int.random(in: -2...12, using: &generator)).littleEndian) { bytes += $0 }
            bytes.append(UInt8(Int.random(in: 0...1, using: &generator)))
        }
        let url = folder.appendingPathComponent("\(name).npy")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test(arguments: [["region"], ["region", "tier"], ["tier", "region"]], [false, true])
    func csvSlicesMatchTheOracle(columns: [String], weighted: Bool) throws {
        let paths = [try writeCSV(rows: 400, seed: 5, name: "a"), try writeCSV(rows: 300, seed: 6, name: "b")]
        var arguments = ["--pred", "pred", "--slice-by", columns.joined(separator: ",")]
        if weighted { arguments += ["--weight", "w"] }
        let expected = try TestSupport.oracle(arguments + paths, in: folder)
        for (threads, chunkSize) in [(1, 1 << 20), (2, 100), (3, 4096)] {
            var options = EvaluationOptions(
                settings: EvaluationSettings(task: .binary),
                columns: ColumnSelection(predictions: ["pred"], weight: weighted ? "w" : nil), threads: threads,
                chunkSize: chunkSize)
            options.columns.slices = columns
            let result = try Evaluation(paths: paths, options: options).run()
            TestSupport.expectSlicesMatch(
                result, expected, "\(columns) weighted \(weighted) threads \(threads) chunk \(chunkSize)")
        }
    }

    @Test func npyIntegerAndBooleanSlicesMatchTheOracle() throws {
        let paths = [try writeNPY(rows: 500, seed: 8, name: "n0"), try writeNPY(rows: 200, seed: 9, name: "n1")]
        let expected = try TestSupport.oracle(["--pred", "pred", "--slice-by", "group,flag"] + paths, in: folder)
        #expect(expected["slices"]!.items.contains { $0["key"]?["group"]?.stringValue == "-2" })
        for (threads, chunkSize) in [(1, 1 << 20), (3, 77)] {
            var options = EvaluationOptions(
                settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]),
                threads: threads, chunkSize: chunkSize)
            options.columns.slices = ["group", "flag"]
            let result = try Evaluation(paths: paths, options: options).run()
            TestSupport.expectSlicesMatch(result, expected, "npy threads \(threads) chunk \(chunkSize)")
        }
    }

    /// Float slice fields are keyed by the text Python's `repr` gives (`2.0`, `-0.0`, `1e-05`, `1e+16`), float32
    /// widened first, as the oracle writes them.
    @Test func npyFloatSlicesAreKeyedAsPythonWritesThem() throws {
        var header =
            "{'descr': [('label', '|u1'), ('pred', '<f8'), ('bucket', '<f8'), ('half', '<f4')], 'fortran_order': False, 'shape': (140,), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        let buckets: [Double] = [2, -0.0, 0, 0.5, 1e-05, 1e16, 123.25]
        let halves: [Float] = [0.1, 3, 1e-7, -2.5]
        for row in 0..<140 {
            bytes.append(UInt8(row % 2))
            withUnsafeBytes(of: (Double(row % 10) / 10).bitPattern.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: buckets[row % buckets.count].bitPattern.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: halves[row % halves.count].bitPattern.littleEndian) { bytes += $0 }
        }
        let path = folder.appendingPathComponent("floats.npy").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let expected = try TestSupport.oracle(["--pred", "pred", "--slice-by", "bucket,half", path], in: folder)
        let texts = Set(expected["slices"]!.items.compactMap { $0["key"]?["bucket"]?.stringValue })
        #expect(texts == ["2.0", "-0.0", "0.0", "0.5", "1e-05", "1e+16", "123.25"])
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]), chunkSize: 64)
        options.columns.slices = ["bucket", "half"]
        TestSupport.expectSlicesMatch(try Evaluation(paths: [path], options: options).run(), expected, "npy floats")
    }

    @Test func moreDistinctKeysThanTheLimitIsAnError() throws {
        let path = try writeCSV(rows: 200, seed: 7, name: "many")
        let oracle = try TestSupport.oracle(
            ["--pred", "pred", "--slice-by", "id", "--max-slices", "150", path], in: folder)
        #expect(oracle["error"]?["reason"]?.stringValue == "too_many_slices")
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]), threads: 2,
            chunkSize: 500)
        options.columns.slices = ["id"]
        options.maxSlices = 150
        TestSupport.expectFailure(.tooManySlices, containing: ["150"], remedy: .allowMoreSlices) {
            _ = try Evaluation(paths: [path], options: options).run()
        }
        options.maxSlices = 200
        #expect(try Evaluation(paths: [path], options: options).run().slices.count == 200)
    }

    /// Keys only invalid rows have (here before any valid row of the chunk) make no slice and leave room under
    /// the limit, at every chunk size.
    @Test(arguments: [1, 37, 1 << 16])
    func keysOfInvalidRowsMakeNoSliceAndDoNotCountTowardTheLimit(chunkSize: Int) throws {
        var lines = ["label,pred,region"] + (0..<6).map { "1,2.5,bad\($0)" }
        lines += (0..<40).map { "\($0 % 2),0.\($0 % 9 + 1),\($0 % 3 == 0 ? "eu" : "us")" }
        let path = folder.appendingPathComponent("invalid-keys.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]), threads: 2,
            chunkSize: chunkSize, skipInvalid: true)
        options.columns.slices = ["region"]
        options.maxSlices = 2
        let result = try Evaluation(paths: [path], options: options).run()
        #expect(result.invalidRows == 6)
        #expect(result.slices.map(\.key.values) == [["eu"], ["us"]])
        #expect(result.slices.map(\.partial.rows) == [14, 26])
    }

    @Test(arguments: [1, 60, 1000])
    func sliceGatesNameTheSlicesThatMeetTheCondition(minRows: Int) throws {
        let path = try writeCSV(rows: 300, seed: 11, name: "g")
        let gates = ["mae > 0.5", "accuracy < 0.5", "rows >= 80"]
        let expected = try TestSupport.oracle(
            ["--pred", "pred", "--slice-by", "region,tier", "--min-slice-rows", "\(minRows)"]
                + gates.flatMap { ["--fail-if-slice", $0] } + [path], in: folder)
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]))
        options.columns.slices = ["region", "tier"]
        let report = EvaluationReport(try Evaluation(paths: [path], options: options).run())
        for (gate, want) in zip(gates, expected["slice_gates"]!.items) {
            let (name, comparison, value) = (gate.split(separator: " ").map(String.init)).splat
            let threshold = Threshold(
                try GateQuantity(named: name, for: .binary), ComparisonOperator(rawValue: comparison)!, Double(value)!)
            let outcome = try SliceGateOutcome(threshold, minRows: minRows, slices: report.slices!)
            #expect(outcome.failedSlices.map(\.key) == want["failed"]!.items.map { $0.stringValue! }, "\(gate)")
            #expect(outcome.failed == !want["failed"]!.items.isEmpty)
        }
    }

    @Test func slicedWeightedPartialsSurviveTheFileFormatAndMergeToOneEvaluation() throws {
        let paths = (0..<4).map { try! writeCSV(rows: 150, seed: UInt64(40 + $0), name: "p\($0)") }
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"], weight: "w"),
            threads: 2, chunkSize: 300)
        options.columns.slices = ["region", "tier"]
        let single = try Evaluation(paths: paths, options: options).run()
        let partials = try [Array(paths[..<1]), Array(paths[1...])].map { group in
            let partial = try Evaluation(paths: group, options: options).runPartial()
            #expect(partial.fileText().contains("\"slice_columns\":[\"region\",\"tier\"]"))
            return try EvaluationPartial(fileBytes: Array(partial.fileText().utf8), name: "p")
        }
        let merged = try EvaluationPartial.merged(partials, names: ["a", "b"]).finalize(maxInvalid: nil)
        #expect(merged.slices.map(\.key) == single.slices.map(\.key))
        #expect(merged.slices.map(\.partial) == single.slices.map(\.partial))
        #expect(EvaluationReport(merged).slices == EvaluationReport(single).slices)

        var other = options
        other.columns.slices = ["tier"]
        let differently = try Evaluation(paths: [paths[1]], options: other).runPartial()
        TestSupport.expectFailure(.incompatiblePartials, containing: ["slice_columns"]) {
            _ = try EvaluationPartial.merged([partials[0], differently], names: ["first", "second"])
        }
    }
}

extension Array where Element == String {
    /// The three parts of `METRIC OP VALUE`.
    fileprivate var splat: (String, String, String) { (self[0], self[1], self[2]) }
}
