import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Arrow IPC inputs written by pyarrow (Fixtures/arrow): streams from memory, nulls, refusals, damaged inputs.
///
/// The fixture set's bit-for-bit checks at every thread count and chunk size are in ``EvaluationTests``.
@Suite struct ArrowTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    private static func fixture(_ name: String) -> String {
        TestSupport.fixtures.appendingPathComponent("arrow/\(name)").path
    }

    private static let files = [
        "binary-none.arrow", "binary-lz4.feather", "binary-zstd.arrow", "binary-stream.arrows",
        "binary-stream-zstd.arrows",
    ].map(fixture)

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

    private func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A stream (as from standard input) and a file read as a stream both give the oracle's bits.
    @Test(arguments: files)
    func streamsFromMemoryMatchTheOracle(path: String) throws {
        let expected = try TestSupport.oracle(["--pred", "pred", path], in: folder)
        for threads in [1, 3] {
            let result = try Evaluation(
                inputs: [.bytes(try bytes(path), name: "-")], options: options(threads: threads, chunkSize: 256)
            ).run()
            expectMatches(result, expected, "\(path) threads \(threads)")
            #expect(result.inputs.map(\.format) == ["arrow"])
        }
    }

    @Test func aZstdCompressedStreamIsReadThroughTheCodec() throws {
        let path = folder.appendingPathComponent("s.arrows.zst").path
        _ = try TestSupport.run(["zstd", "-q", "-f", Self.files[3], "-o", path])
        let expected = try TestSupport.oracle(["--pred", "pred", Self.files[3]], in: folder)
        let result = try Evaluation(paths: [path], options: options()).run()
        expectMatches(result, expected, "zstd stream")
        #expect(result.inputs.map(\.codec) == [.zstd])
    }

    @Test func mixedArrowParquetAndCSVRunsMatchTheOracle() throws {
        let paths = [
            Self.files[1], TestSupport.fixtures.appendingPathComponent("binary/part-0.csv").path,
            TestSupport.fixtures.appendingPathComponent("parquet/binary-snappy-dict.parquet").path, Self.files[4],
        ]
        let expected = try TestSupport.oracle(["--pred", "pred"] + paths, in: folder)
        let result = try Evaluation(paths: paths, options: options(threads: 3, chunkSize: 300)).run()
        expectMatches(result, expected, "mixed")
        #expect(result.inputs.map(\.format) == ["arrow", "csv", "parquet", "arrow"])
    }

    @Test func nullsAreInvalidRowsWithTheirRecords() throws {
        let path = Self.fixture("nulls.arrows")
        TestSupport.expectFailure(.invalidRow, containing: ["\(path): record 5: column \"pred\": null"]) {
            _ = try Evaluation(paths: [path], options: options(chunkSize: 64)).run()
        }
        let expected = try TestSupport.oracle(["--pred", "pred", "--skip-invalid", path], in: folder)
        let result = try Evaluation(paths: [path], options: options(chunkSize: 64, skipInvalid: true)).run()
        expectMatches(result, expected, "nulls")
        #expect(result.invalidRows == 2)
        #expect(
            result.invalidBreakdown.first?.examples.map(\.message) == [
                "\(path): record 5: column \"pred\": null", "\(path): record 70: column \"pred\": null",
            ])
    }

    @Test func nestedAndStringColumnsAreRefusedByName() throws {
        var nested = options()
        nested.columns.predictions = ["tags"]
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"tags\" is nested"]) {
            _ = try Evaluation(paths: [Self.files[0]], options: nested).run()
        }
        var text = options()
        text.columns.predictions = ["name"]
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"name\"", "not a number"]) {
            _ = try Evaluation(paths: [Self.files[0]], options: text).run()
        }
    }

    /// Every cut of an input, and random byte changes, end in a result or an ``XStreamError``: never a trap.
    @Test(arguments: files)
    func truncatedAndCorruptedInputsEndInACleanError(path: String) throws {
        let original = try bytes(path)
        var generator = TestSupport.SeededGenerator(seed: 17)
        func attempt(_ bytes: [UInt8]) {
            do {
                _ = try Evaluation(inputs: [.bytes(bytes, name: "x")], options: options(skipInvalid: true)).run()
            } catch is XStreamError {
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        for _ in 0..<40 { attempt(Array(original.prefix(Int.random(in: 0..<original.count, using: &generator)))) }
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            attempt(bytes)
        }
    }
}
