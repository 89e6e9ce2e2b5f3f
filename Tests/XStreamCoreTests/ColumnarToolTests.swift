import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Parquet and Arrow IPC files written by the tools users have, each with its defaults (Fixtures/generate_columnar.py
/// `tool_files`): Polars, pandas, DuckDB, and pyarrow with Spark-like options. Every metric bit for bit with the
/// oracle's expected values, at several thread counts and chunk sizes down to one byte.
@Suite struct ColumnarToolTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    private static let sets = ["tools-parquet-binary", "tools-arrow-binary", "tools-multiclass"].map(
        EvaluationTests.FixtureSet.init)

    private static func fixture(_ name: String) -> String { TestSupport.fixtures.appendingPathComponent(name).path }

    private func expectMatches(_ result: EvaluationResult, _ expected: JSONValue, _ context: String) {
        #expect(result.rows == expected["rows"]?.doubleValue.map(Int.init), "\(context)")
        #expect(result.invalidRows == expected["invalid_rows"]?.doubleValue.map(Int.init), "\(context)")
        let metrics = expected["metrics"]!
        #expect(result.metrics.map(\.name.rawValue) == metrics.keys, "\(context)")
        for metric in result.metrics {
            let want = metrics[metric.name.rawValue]?.doubleValue ?? .nan
            #expect(metric.value.bitPattern == want.bitPattern, "\(context) \(metric.name): \(metric.value) vs \(want)")
        }
    }

    private func binaryOptions(threads: Int = 2, chunkSize: Int = 1 << 20, skipInvalid: Bool = false)
        -> EvaluationOptions
    {
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]),
            threads: threads, chunkSize: chunkSize)
        options.skipInvalid = skipInvalid
        return options
    }

    @Test(arguments: sets, [1, 2, 3, 5, 8])
    func toolFilesMatchTheOracleAtEveryThreadCount(set: EvaluationTests.FixtureSet, threads: Int) throws {
        let result = try Evaluation(paths: set.inputs, options: set.options(threads: threads, chunkSize: 1 << 20)).run()
        expectMatches(result, set.expected, "\(set.name) threads \(threads)")
    }

    @Test(arguments: sets, [1, 7, 4096])
    func toolFilesMatchTheOracleAtTinyChunkSizes(set: EvaluationTests.FixtureSet, chunkSize: Int) throws {
        let result = try Evaluation(paths: set.inputs, options: set.options(threads: 3, chunkSize: chunkSize)).run()
        expectMatches(result, set.expected, "\(set.name) chunk \(chunkSize)")
        let formats = set.inputs.map { $0.hasSuffix(".parquet") ? "parquet" : "arrow" }
        #expect(result.inputs.map(\.format) == formats)
    }

    @Test(arguments: sets)
    func inputOrderDoesNotChangeABit(set: EvaluationTests.FixtureSet) throws {
        let result = try Evaluation(paths: set.inputs.reversed(), options: set.options(threads: 2, chunkSize: 100))
            .run()
        expectMatches(result, set.expected, "\(set.name) reversed")
    }

    /// Polars' IPC files and streams, as standard input would hand them over: read front to back.
    @Test(arguments: ["arrow/polars-default.feather", "arrow/polars-zstd.arrow", "arrow/polars-stream.arrows"])
    func polarsArrowFromMemoryMatchesTheOracle(name: String) throws {
        let path = Self.fixture(name)
        let expected = try TestSupport.oracle(["--pred", "pred", path], in: folder)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let result = try Evaluation(inputs: [.bytes(bytes, name: "-")], options: binaryOptions(chunkSize: 256)).run()
        expectMatches(result, expected, name)
    }

    /// The tool-written Arrow files compressed as a whole (as `zstd preds.feather` leaves them) give the same bits.
    @Test func toolArrowFilesCompressedWholeMatchTheOracle() throws {
        let set = EvaluationTests.FixtureSet(name: "tools-arrow-binary")
        let compressed = try set.inputs.enumerated().map { index, path in
            let output = folder.appendingPathComponent("\(index).arrow.\(index % 2 == 0 ? "zst" : "lz4")").path
            let tool = index % 2 == 0 ? ["zstd", "-q", "-f", path, "-o", output] : ["lz4", "-q", "-f", path, output]
            _ = try TestSupport.run(tool)
            return output
        }
        let result = try Evaluation(paths: compressed, options: set.options(threads: 2, chunkSize: 1000)).run()
        expectMatches(result, set.expected, "compressed whole")
        #expect(result.inputs.map(\.codec) == compressed.map { $0.hasSuffix("zst") ? .zstd : .lz4 })
    }

    /// Polars writes an IPC file's schema without the continuation marker and length that frame every message
    /// (the file is read from its footer by pyarrow); xstream reads it front to back all the same.
    @Test func aPolarsFileWithAnUnframedSchemaIsRead() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("arrow/polars-default.feather"))))
        #expect(Array(bytes[0..<6]) == ArrowStreamReader.fileMagic)
        #expect(Array(bytes[8..<12]) != ArrowStreamReader.continuation)
        let result = try Evaluation(paths: [Self.fixture("arrow/polars-default.feather")], options: binaryOptions())
            .run()
        #expect(result.rows == 2000)
    }

    /// An IPC file cut after its last message (its footer missing) is cut short, though every batch is there.
    @Test(arguments: ["arrow/polars-default.feather", "arrow/pandas-default.feather", "arrow/binary-none.arrow"])
    func anArrowFileWithoutItsFooterIsTruncated(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture(name))))
        for cut in [1, 10, 100] {
            TestSupport.expectFailure(.truncatedData, containing: ["x.feather: the Arrow IPC"]) {
                _ = try Evaluation(
                    inputs: [.bytes(Array(bytes.dropLast(cut)), name: "x.feather")], options: binaryOptions()
                )
                .run()
            }
        }
    }

    /// Polars' text columns are Utf8View, whose data buffers each batch counts: skipped when unused, refused by
    /// name when used.
    @Test func viewColumnsAreSkippedUnusedAndRefusedUsed() throws {
        let path = Self.fixture("arrow/polars-stream.arrows")
        // "weight" (with gaps) comes after the view columns "model" (a dictionary of views) and "note".
        var options = binaryOptions(skipInvalid: true)
        options.settings = EvaluationSettings(task: .regression)
        options.columns = ColumnSelection(labels: ["label"], predictions: ["weight"])
        let expected = try TestSupport.oracle(
            ["--task", "regression", "--pred", "weight", "--skip-invalid", path], in: folder)
        expectMatches(try Evaluation(paths: [path], options: options).run(), expected, "weight after views")
        options.columns.predictions = ["note"]
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"note\"", "not a number"]) {
            _ = try Evaluation(paths: [path], options: options).run()
        }
    }

    /// pandas writes NaN as a Parquet null, Polars None as an Arrow null: invalid rows, strict or counted.
    @Test(arguments: [
        ("parquet/pandas-nulls.parquet", "record 3: column \"pred\": null", 3),
        ("arrow/polars-nulls.feather", "record 0: column \"label\": null", 3),
    ])
    func toolNullsAreInvalidRows(name: String, first: String, count: Int) throws {
        let path = Self.fixture(name)
        TestSupport.expectFailure(.invalidRow, containing: ["\(path): \(first)"]) {
            _ = try Evaluation(paths: [path], options: binaryOptions(chunkSize: 64)).run()
        }
        let expected = try TestSupport.oracle(["--pred", "pred", "--skip-invalid", path], in: folder)
        for threads in [1, 4] {
            let result = try Evaluation(
                paths: [path], options: binaryOptions(threads: threads, chunkSize: 300, skipInvalid: true)
            ).run()
            expectMatches(result, expected, "\(name) threads \(threads)")
            #expect(result.invalidRows == count)
            #expect(result.invalidBreakdown.map(\.reason) == [.null])
        }
    }

    /// DuckDB's struct column and every tool's list column are fine unused, and refused by name when used.
    @Test func nestedToolColumnsAreRefusedOnlyWhenUsed() throws {
        for (name, column) in [
            ("parquet/duckdb-default.parquet", "info"), ("parquet/polars-default.parquet", "tags"),
            ("arrow/pandas-default.feather", "tags"),
        ] {
            var options = binaryOptions()
            options.columns.predictions = [column]
            TestSupport.expectFailure(.invalidHeader, containing: ["column \"\(column)\" is nested"]) {
                _ = try Evaluation(paths: [Self.fixture(name)], options: options).run()
            }
        }
    }
}
