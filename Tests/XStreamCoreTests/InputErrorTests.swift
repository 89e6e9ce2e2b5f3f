import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// File-level failures: each one with a real bad input, each naming the file and the reason.
@Suite struct InputErrorTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    private func file(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func evaluate(_ paths: [String], _ configure: (inout EvaluationOptions) -> Void = { _ in }) throws
        -> EvaluationResult
    {
        var options = EvaluationOptions(settings: EvaluationSettings(task: .binary), threads: 2)
        configure(&options)
        return try Evaluation(paths: paths, options: options).run()
    }

    @Test func missingColumnListsTheColumnsTheHeaderHas() throws {
        let path = try file("a.csv", "target,score\n1,0.5\n")
        TestSupport.expectFailure(
            .invalidHeader, containing: [path, "no column named \"label\"", "\"target\", \"score\""],
            remedy: .chooseColumns
        ) {
            _ = try evaluate([path])
        }
    }

    @Test func duplicateColumnNamesAreRefused() throws {
        let path = try file("a.csv", "label,pred,pred\n1,0.5,0.5\n")
        TestSupport.expectFailure(.invalidHeader, containing: [path, "duplicate column name \"pred\""]) {
            _ = try evaluate([path])
        }
    }

    @Test func tooManyPredictionColumnsForBinarySaysHowToChoose() throws {
        let path = try file("a.csv", "id,label,score\n1,1,0.5\n")
        TestSupport.expectFailure(
            .invalidHeader, containing: [path, "one prediction column", "predictions [\"id\", \"score\"]"],
            remedy: .chooseColumns
        ) { _ = try evaluate([path]) }
        // Leaving the extra column out, or naming the prediction by a pattern, fixes it.
        #expect(try evaluate([path]) { $0.columns.ignored = ["id"] }.rows == 1)
        #expect(try evaluate([path]) { $0.columns.predictions = ["s*"] }.rows == 1)
    }

    @Test func extraColumnsLeaveBinaryAndRegressionOnTheirPredColumn() throws {
        let path = try file("a.csv", "id,timestamp,label,pred,model\n7,2024-06-01 00:00:00,1,0.25,v2\n")
        let result = try evaluate([path])
        #expect(result.rows == 1)
        #expect(result.columns == ColumnNames(labels: ["label"], predictions: ["pred"]))
        #expect(result.value(of: .mae) == 0.75)
    }

    @Test func patternsMatchInHeaderOrderAndIgnoredColumnsStayOut() throws {
        let path = try file("a.csv", "label,p_2,id,p_0,p_1,q\n0,0.25,9,0.5,0.25,1\n")
        let result = try evaluate([path]) {
            $0.settings.task = .multiclass
            $0.columns.predictions = ["p_*"]
        }
        #expect(result.columns?.predictions == ["p_2", "p_0", "p_1"])
        let ignoring = try evaluate([path]) {
            $0.settings.task = .multiclass
            $0.columns.ignored = ["id", "q"]
        }
        #expect(ignoring.columns?.predictions == ["p_2", "p_0", "p_1"])
        TestSupport.expectFailure(.invalidHeader, containing: ["no column matches \"z*\""], remedy: .chooseColumns) {
            _ = try evaluate([path]) { $0.columns.predictions = ["z*"] }
        }
    }

    @Test func aDefaultPredictionColumnThatIsNotAProbabilityIsNamed() throws {
        let path = try file("a.csv", "id,label,p0,p1\n12,0,0.5,0.5\n")
        TestSupport.expectFailure(
            .invalidRow, containing: ["the predictions were taken by default: \"id\", \"p0\", \"p1\""],
            remedy: .chooseColumns
        ) {
            _ = try evaluate([path]) { $0.settings.task = .multiclass }
        }
    }

    @Test func lineOverTheLimitIsAnErrorWithoutReadingTheRest() throws {
        let long = String(repeating: "9", count: 5000)
        let path = try file("a.csv", "label,pred\n1,0.5\n0,\(long)\n1,0.5\n")
        TestSupport.expectFailure(
            .lineTooLong, containing: [path, "longer than 1000 bytes"], remedy: .allowLongerLines
        ) {
            _ = try evaluate([path]) {
                $0.maxLineLength = 1000
                $0.chunkSize = 64
            }
        }
        let header = try file("b.csv", String(repeating: "x", count: 3000) + ",label\n")
        TestSupport.expectFailure(.lineTooLong, containing: [header], remedy: .allowLongerLines) {
            _ = try evaluate([header]) {
                $0.maxLineLength = 1000
                $0.chunkSize = 100
            }
        }
    }

    @Test func inputsWithNoRowsAtAllAreAnError() throws {
        let headerOnly = try file("a.csv", "label,pred\n")
        let empty = try file("b.csv", "")
        TestSupport.expectFailure(.noRows, containing: ["no rows"]) { _ = try evaluate([headerOnly, empty]) }
    }

    @Test func emptyShardsContributeZeroRowsAndAreListed() throws {
        let rows = try file("a.csv", "label,pred\n1,0.25\n")
        let headerOnly = try file("b.csv", "label,pred")
        let empty = try file("c.csv", "")
        try TestSupport.run(["zstd", "-q", "-k", empty])
        let result = try evaluate([headerOnly, rows, empty, empty + ".zst"])
        #expect(result.rows == 1)
        #expect(result.inputs.map(\.rows) == [0, 1, 0, 0])
        #expect(result.inputs.map(\.format) == ["csv", "csv", nil, nil])
        #expect(result.inputs[3].codec == .zstd)
    }

    @Test func corruptShardFailsTheRunEvenWhenSkippingRows() throws {
        let good = try file("a.csv", "label,pred\n" + String(repeating: "1,0.5\n", count: 2000))
        try TestSupport.run(["zstd", "-q", "-k", "--check", good])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good + ".zst"))
        bytes[bytes.count / 2] ^= 0x40
        let corrupt = folder.appendingPathComponent("b.csv.zst").path
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        // Another good file after the corrupt one: the same file twice would be a usage error.
        let after = try file("c.csv", "label,pred\n" + String(repeating: "1,0.5\n", count: 2000))
        for skip in [false, true] {
            TestSupport.expectFailure(.corruptData, containing: [corrupt, "compressed byte offset"]) {
                _ = try evaluate([good, corrupt, after]) { $0.skipInvalid = skip }
            }
        }
    }

    @Test func truncatedShardIsAnError() throws {
        let good = try file("a.csv", "label,pred\n" + String(repeating: "1,0.5\n", count: 5000))
        try TestSupport.run(["lz4", "-q", good, good + ".lz4"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good + ".lz4"))
        let truncated = folder.appendingPathComponent("t.csv.lz4").path
        try bytes.prefix(bytes.count - 9).write(to: URL(fileURLWithPath: truncated))
        TestSupport.expectFailure(.truncatedData, containing: [truncated, "truncated"]) {
            _ = try evaluate([good, truncated])
        }
    }

    @Test func shardsWhoseDefaultColumnsDifferAreRefused() throws {
        let a = try file("a.csv", "label,p0,p1\n0,0.5,0.5\n")
        let b = try file("b.csv", "label,p0,p1,p2\n0,0.5,0.25,0.25\n")
        TestSupport.expectFailure(.invalidHeader, containing: [b, a, "differ"], remedy: .chooseColumns) {
            _ = try evaluate([a, b]) { $0.settings.task = .multiclass }
        }
    }

    @Test func maxInvalidCountAndPercentage() throws {
        let path = try file("a.csv", "label,pred\n1,0.5\n1,x\n0,0.5\n0,2\n")
        let result = try evaluate([path]) {
            $0.skipInvalid = true
            $0.maxInvalid = .count(2)
        }
        #expect(result.invalidRows == 2)
        TestSupport.expectFailure(
            .tooManyInvalidRows, containing: ["2 invalid rows", "limit of 1 allows"], remedy: .allowMoreInvalidRows
        ) {
            _ = try evaluate([path]) {
                $0.skipInvalid = true
                $0.maxInvalid = .count(1)
            }
        }
        TestSupport.expectFailure(.tooManyInvalidRows, containing: ["limit of 49.5%"], remedy: .allowMoreInvalidRows) {
            _ = try evaluate([path]) {
                $0.skipInvalid = true
                $0.maxInvalid = .percent(49.5)
            }
        }
    }

    @Test func unreadableInputsFailBeforeAnyWork() throws {
        TestSupport.expectFailure(.io, containing: ["nope.csv", "No such file"]) {
            _ = try Evaluation(
                paths: [folder.appendingPathComponent("nope.csv").path],
                options: EvaluationOptions(settings: EvaluationSettings(task: .binary)))
        }
        TestSupport.expectFailure(.io, containing: ["is a directory"]) {
            _ = try Evaluation(
                paths: [folder.path], options: EvaluationOptions(settings: EvaluationSettings(task: .binary)))
        }
    }

    @Test(arguments: [
        ("label,pred\n1,0.5,3\n", "field_count", "expected 2 fields, found 3"),
        ("label,pred\n1\n", "field_count", "expected 2 fields, found 1"),
        ("label,pred\n\n", "field_count", "expected 2 fields, found 1"),
        ("label,pred\n1,\"0.5\n", "malformed_quote", "malformed quoted field"),
        ("label,pred\n1,abc\n", "not_a_number", "column \"pred\": \"abc\" is not a number"),
        ("label,pred\n1,NaN\n", "non_finite", "\"NaN\" is not a finite number"),
        ("label,pred\n1,1e999\n", "non_finite", "is not a finite number"),
        ("label,pred\n2,0.5\n", "label_out_of_range", "column \"label\": 2 is outside [0, 1]"),
        ("label,pred\n1,-0.1\n", "probability_out_of_range", "column \"pred\": -0.1 is not a probability"),
    ])
    func eachInvalidRowKindHasItsMessage(text: String, reason: String, message: String) throws {
        let path = try file("bad.csv", text)
        TestSupport.expectFailure(.invalidRow, containing: ["\(path):2: ", message]) { _ = try evaluate([path]) }
        let skipped = try? evaluate([path]) { $0.skipInvalid = true }
        #expect(skipped == nil, "a file whose only row is invalid has no rows to report")
    }

    @Test(arguments: [
        ("label,p0,p1\n2,0.5,0.5\n", "not a class index (expected an integer in [0, 2))"),
        ("label,p0,p1\n0.5,0.5,0.5\n", "not a class index"),
        ("label,p0,p1\n1,2.5,-1.5\n", "column \"p0\": 2.5 is not a probability"),
        ("label,p0,p1\n1,0.9,0.9\n", "the predicted probabilities sum to 1.8"),
    ])
    func multiclassRowChecks(text: String, message: String) throws {
        let path = try file("bad.csv", text)
        TestSupport.expectFailure(.invalidRow, containing: [message]) {
            _ = try evaluate([path]) { $0.settings.task = .multiclass }
        }
    }

    @Test func softTargetsMustBeADistribution() throws {
        let path = try file("bad.csv", "t0,t1,q0,q1\n0.7,0.7,0.5,0.5\n")
        TestSupport.expectFailure(.invalidRow, containing: ["the target probabilities sum to 1.4"]) {
            _ = try evaluate([path]) {
                $0.settings.task = .soft
                $0.columns = ColumnSelection(labels: ["t0", "t1"], predictions: ["q0", "q1"])
            }
        }
    }

    @Test func tabSeparatedValuesMatchTheOracle() throws {
        let path = try file("a.tsv", "id\tlabel\tpred\n1\t1\t 0.75\n2\t0\t\"0.125\"\n3\t1\t1e-3\n")
        let expected = try TestSupport.oracle(["--delimiter", "tab", "--pred", "pred", path], in: folder)
        let result = try evaluate([path]) {
            $0.delimiter = UInt8(ascii: "\t")
            $0.columns = ColumnSelection(predictions: ["pred"])
        }
        #expect(result.rows == 3)
        for metric in result.metrics {
            #expect(
                metric.value.bitPattern == expected["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern,
                "\(metric.name)")
        }
    }

    @Test func epsilonZeroGivesAnInfiniteLossNotAnError() throws {
        let path = try file("a.csv", "label,pred\n1,0\n0,0\n")
        let result = try evaluate([path]) { $0.settings.epsilon = 0 }
        #expect(result.metrics.first { $0.name.rawValue == "cross_entropy" }?.value == .infinity)
    }
}
