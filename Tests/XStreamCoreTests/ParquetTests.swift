import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Parquet inputs written by pyarrow (Fixtures/parquet): mixed runs, nulls, refusals, and damaged files.
///
/// The fixture sets' bit-for-bit checks at every thread count and chunk size are in ``EvaluationTests``.
@Suite struct ParquetTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    private static func fixture(_ name: String) -> String {
        TestSupport.fixtures.appendingPathComponent("parquet/\(name)").path
    }

    private static let binaryFiles = [
        "binary-none-plain", "binary-snappy-dict", "binary-gzip-v2", "binary-zstd-groups", "binary-lz4-v2-dict",
        "binary-bss", "binary-delta", "binary-small-pages",
    ].map { fixture("\($0).parquet") }

    private func options(threads: Int = 2, chunkSize: Int = 1 << 20, skipInvalid: Bool = false) -> EvaluationOptions {
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]),
            threads: threads, chunkSize: chunkSize)
        options.skipInvalid = skipInvalid
        return options
    }

    private func expectMatches(_ result: EvaluationResult, _ expected: JSONValue, _ context: String) {
        #expect(result.rows == expected["rows"]?.doubleValue.map(Int.init), "\(context)")
        for metric in result.metrics {
            let want = expected["metrics"]![metric.name.rawValue]?.doubleValue ?? .nan
            #expect(metric.value.bitPattern == want.bitPattern, "\(context) \(metric.name): \(metric.value) vs \(want)")
        }
    }

    @Test(arguments: [1, 2, 5])
    func mixedParquetCSVAndNPYRunsMatchTheOracle(threads: Int) throws {
        let others = ["binary/part-0.csv", "binary/part-1.csv.zst", "npy/binary-1.npy.zst"].map {
            TestSupport.fixtures.appendingPathComponent($0).path
        }
        let paths = [Self.binaryFiles[0], others[0], Self.binaryFiles[3], others[1], others[2], Self.binaryFiles[5]]
        let expected = try TestSupport.oracle(["--pred", "pred"] + paths, in: folder)
        let result = try Evaluation(paths: paths, options: options(threads: threads, chunkSize: 500)).run()
        expectMatches(result, expected, "mixed threads \(threads)")
        #expect(result.inputs.map(\.format) == ["parquet", "csv", "parquet", "csv", "npy", "parquet"])
    }

    @Test func eachFileMatchesTheOracleOnItsOwn() throws {
        for path in Self.binaryFiles {
            let expected = try TestSupport.oracle(["--pred", "pred", path], in: folder)
            expectMatches(try Evaluation(paths: [path], options: options(chunkSize: 64)).run(), expected, path)
        }
    }

    @Test func aNullInAUsedColumnStopsAStrictRunAtItsRecord() throws {
        let path = Self.fixture("nulls.parquet")
        for threads in [1, 3] {
            TestSupport.expectFailure(.invalidRow, containing: ["\(path): record 17: column \"pred\": null"]) {
                _ = try Evaluation(paths: [path], options: options(threads: threads, chunkSize: 100)).run()
            }
        }
    }

    @Test func skippedNullsAreCountedWithTheirRecords() throws {
        let path = Self.fixture("nulls.parquet")
        let expected = try TestSupport.oracle(["--pred", "pred", "--skip-invalid", path], in: folder)
        for threads in [1, 2, 4] {
            let result = try Evaluation(
                paths: [path], options: options(threads: threads, chunkSize: 160, skipInvalid: true)
            ).run()
            expectMatches(result, expected, "nulls threads \(threads)")
            #expect(result.invalidRows == 4)
            #expect(result.invalidBreakdown.map(\.reason) == [.null])
            #expect(
                result.invalidBreakdown.first?.examples.map(\.message) == [
                    "\(path): record 17: column \"pred\": null", "\(path): record 18: column \"pred\": null",
                    "\(path): record 99: column \"label\": null", "\(path): record 150: column \"pred\": null",
                ])
        }
    }

    @Test func unusableColumnsAndCodecsAreNamed() throws {
        TestSupport.expectFailure(.invalidHeader, containing: ["unsupported Parquet codec BROTLI", "column \"label\""])
        {
            _ = try Evaluation(paths: [Self.fixture("brotli.parquet")], options: options()).run()
        }
        var nested = options()
        nested.columns.predictions = ["tags"]
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"tags\" is nested"]) {
            _ = try Evaluation(paths: [Self.binaryFiles[0]], options: nested).run()
        }
        var text = options()
        text.columns.predictions = ["name"]
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"name\" has type BYTE_ARRAY"]) {
            _ = try Evaluation(paths: [Self.binaryFiles[0]], options: text).run()
        }
        var missing = options()
        missing.columns.predictions = ["score"]
        TestSupport.expectFailure(.invalidHeader, containing: ["no column named \"score\"", "\"weight\""]) {
            _ = try Evaluation(paths: [Self.binaryFiles[0]], options: missing).run()
        }
    }

    @Test func parquetFromAStreamOrCompressedWholeIsAClearError() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.binaryFiles[1])))
        TestSupport.expectFailure(.invalidHeader, containing: ["stream: Parquet needs a file", "save it first"]) {
            _ = try Evaluation(inputs: [.bytes(bytes, name: "stream")], options: options()).run()
        }
        let compressed = folder.appendingPathComponent("a.parquet.zst").path
        _ = try TestSupport.run(["zstd", "-q", "-f", Self.binaryFiles[1], "-o", compressed])
        TestSupport.expectFailure(.invalidHeader, containing: ["zstd-compressed Parquet file", "decompress it first"]) {
            _ = try Evaluation(paths: [compressed], options: options()).run()
        }
    }

    @Test func parquetConvertsToNPYWithTheSameBits() throws {
        let output = folder.appendingPathComponent("out.npy.zst").path
        _ = try Conversion.run(
            inputs: InputSource.files(Self.binaryFiles), output: output,
            options: ConversionOptions(columns: ColumnSelection(predictions: ["pred"]), chunkSize: 300))
        let direct = try Evaluation(paths: Self.binaryFiles, options: options()).run()
        let converted = try Evaluation(paths: [output], options: options()).run()
        #expect(direct.rows == converted.rows)
        #expect(direct.metrics.map(\.value.bitPattern) == converted.metrics.map(\.value.bitPattern))
    }

    /// Every cut of a file, and random byte changes, end in a result or an ``XStreamError``: never a trap.
    @Test(arguments: ["binary-snappy-dict", "binary-gzip-v2", "binary-delta", "binary-bss", "binary-zstd-groups"])
    func truncatedAndCorruptedFilesEndInACleanError(name: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("\(name).parquet"))))
        let path = folder.appendingPathComponent("\(name).parquet").path
        func attempt(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try Evaluation(paths: [path], options: options(threads: 2, skipInvalid: true)).run()
            } catch is XStreamError {}
        }
        var generator = TestSupport.SeededGenerator(seed: 16)
        for _ in 0..<40 {
            try attempt(Array(original.prefix(Int.random(in: 0..<original.count, using: &generator))))
        }
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                // Most changes land in the footer and page headers, where they test the bounds checks.
                let index =
                    Bool.random(using: &generator)
                    ? Int.random(in: max(0, bytes.count - 600)..<bytes.count, using: &generator)
                    : Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            try attempt(bytes)
        }
    }
}
