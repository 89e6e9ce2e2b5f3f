import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Slice keys from Parquet and Arrow IPC inputs (Fixtures/parquet/slices-*, Fixtures/arrow/slices-*): the same
/// rows as Parquet, Feather, Arrow streams with delta and replacement dictionaries, and CSV give the same
/// slices, the oracle's bit for bit, at every thread count and chunk size; nulls in slice columns; refusals;
/// damaged inputs.
@Suite struct ColumnarSliceTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// The same 300 rows in every format (see `slice_files` in Fixtures/generate_columnar.py).
    private static let sameRows = [
        "parquet/slices-dict.parquet", "parquet/slices-delta-v2.parquet", "parquet/slices-fallback.parquet",
        "parquet/slices-plain.parquet", "arrow/slices-pandas.feather",
        "arrow/slices-delta.arrows", "arrow/slices-replace.arrows", "slices/slices.csv",
    ]

    private static func fixture(_ name: String) -> String { TestSupport.fixtures.appendingPathComponent(name).path }

    private static func expected(_ name: String) throws -> JSONValue {
        let url = TestSupport.fixtures.appendingPathComponent("expected/\(name).json")
        return try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    }

    private func options(
        slices: [String], threads: Int = 2, chunkSize: Int = 1 << 20, skipInvalid: Bool = false
    ) -> EvaluationOptions {
        var options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]),
            threads: threads, chunkSize: chunkSize)
        options.columns.slices = slices
        options.skipInvalid = skipInvalid
        return options
    }

    /// The `slices` member of the JSON report.
    private static func slicesJSON(_ result: EvaluationResult) throws -> JSONValue? {
        try JSONValue.parse(EvaluationReport(result).jsonText())["slices"]
    }

    @Test(arguments: [("slices-region-tier", "region,tier"), ("slices-others", "device,uid,flag,bucket")])
    func everyFormatGivesTheOraclesSlices(expectedName: String, sliceBy: String) throws {
        let columns = sliceBy.split(separator: ",").map(String.init)
        let paths = Self.sameRows.map(Self.fixture)
        let expected = try Self.expected(expectedName)
        for (threads, chunkSize) in [(1, 1 << 20), (2, 64), (3, 1000), (4, 8)] {
            let result = try Evaluation(
                paths: paths, options: options(slices: columns, threads: threads, chunkSize: chunkSize)
            ).run()
            TestSupport.expectSlicesMatch(result, expected, "\(sliceBy) threads \(threads) chunk \(chunkSize)")
            #expect(
                result.inputs.map(\.format) == [
                    "parquet", "parquet", "parquet", "parquet", "arrow", "arrow", "arrow", "csv",
                ])
        }
        // Each format alone: the same slices JSON (keys, rows, metrics) as the CSV.
        let csv = try Self.slicesJSON(try Evaluation(paths: [paths.last!], options: options(slices: columns)).run())
        #expect(csv?.items.count ?? 0 > 1)
        for path in paths.dropLast() {
            for (threads, chunkSize) in [(1, 1 << 20), (3, 40)] {
                let result = try Evaluation(
                    paths: [path], options: options(slices: columns, threads: threads, chunkSize: chunkSize)
                ).run()
                #expect(try Self.slicesJSON(result) == csv, "\(path) \(sliceBy) threads \(threads) chunk \(chunkSize)")
            }
        }
    }

    @Test func slicedPartialsOfColumnarAndCSVInputsMergeToOneEvaluation() throws {
        let paths = ["parquet/slices-dict.parquet", "arrow/slices-delta.arrows", "slices/slices.csv"].map(Self.fixture)
        let options = options(slices: ["region", "tier"], threads: 3, chunkSize: 500)
        let single = try Evaluation(paths: paths, options: options).run()
        let partials = try paths.map { path in
            let partial = try Evaluation(paths: [path], options: options).runPartial()
            return try EvaluationPartial(fileBytes: Array(partial.fileText().utf8), name: path)
        }
        let merged = try EvaluationPartial.merged(partials, names: paths).finalize(maxInvalid: nil)
        #expect(merged.slices.map(\.key) == single.slices.map(\.key))
        #expect(EvaluationReport(merged).slices == EvaluationReport(single).slices)
    }

    @Test func theSliceLimitAppliesToColumnarKeys() throws {
        var limited = options(slices: ["region", "tier"])
        limited.maxSlices = 23
        TestSupport.expectFailure(.tooManySlices, containing: ["23"]) {
            _ = try Evaluation(paths: [Self.fixture("arrow/slices-replace.arrows")], options: limited).run()
        }
        limited.maxSlices = 24
        #expect(
            try Evaluation(paths: [Self.fixture("arrow/slices-replace.arrows")], options: limited).run().slices.count
                == 24)
    }

    @Test func keysAreExactIntegersStringsAndShortestFloats() throws {
        let result = try Evaluation(
            paths: [Self.fixture("parquet/slices-dict.parquet")],
            options: options(slices: ["uid", "tier", "bucket", "region"])
        ).run()
        let keys = result.slices.map(\.key.values)
        #expect(Set(keys.map { $0[0] }) == ["0", "9007199254740993", "18446744073709551615"])
        #expect(Set(keys.map { $0[1] }) == ["-3", "0", "7", "4611686018427387905"])
        // float32 values widened, then the shortest text of the double as Python's repr writes it.
        #expect(Set(keys.map { $0[2] }) == ["0.10000000149011612", "0.5", "2.0", "-1.500000053056283e-07"])
        #expect(Set(keys.map { $0[3] }) == ["eu", "us", "Ünïcode", "a,b", "Z", "q\"t"])
    }

    @Test(arguments: ["parquet/slices-nulls.parquet", "arrow/slices-nulls.arrows"])
    func nullSliceKeysAreInvalidRows(name: String) throws {
        let path = Self.fixture(name)
        TestSupport.expectFailure(.invalidRow, containing: ["\(path): record 3: column \"region\": null"]) {
            _ = try Evaluation(paths: [path], options: options(slices: ["tier", "region"], chunkSize: 64)).run()
        }
        let expected = try TestSupport.oracle(
            ["--pred", "pred", "--slice-by", "tier,region", "--skip-invalid", path], in: folder)
        for (threads, chunkSize) in [(1, 1 << 20), (3, 24)] {
            let result = try Evaluation(
                paths: [path],
                options: options(slices: ["tier", "region"], threads: threads, chunkSize: chunkSize, skipInvalid: true)
            ).run()
            TestSupport.expectSlicesMatch(result, expected, "\(name) threads \(threads) chunk \(chunkSize)")
            #expect(result.invalidRows == 3)
            #expect(result.invalidBreakdown.map(\.reason) == [.null])
            #expect(
                result.invalidBreakdown.first?.examples.map(\.message) == [
                    "\(path): record 3: column \"region\": null", "\(path): record 40: column \"region\": null",
                    "\(path): record 77: column \"tier\": null",
                ])
        }
        // Without slices the same file is all valid.
        var plain = options(slices: [])
        plain.skipInvalid = false
        #expect(try Evaluation(paths: [path], options: plain).run().rows == 100)
    }

    /// By one slice column (whose keys are the key table's texts), a skipped null makes no slice: exactly the
    /// oracle's slices, within a limit of that many.
    @Test(arguments: ["parquet/slices-nulls.parquet", "arrow/slices-nulls.arrows"])
    func skippedNullKeysMakeNoSliceAndDoNotCountTowardTheLimit(name: String) throws {
        let path = Self.fixture(name)
        let expected = try TestSupport.oracle(
            ["--pred", "pred", "--slice-by", "region", "--skip-invalid", path], in: folder)
        for (threads, chunkSize) in [(1, 1 << 20), (3, 24)] {
            var options = options(slices: ["region"], threads: threads, chunkSize: chunkSize, skipInvalid: true)
            options.maxSlices = expected["slices"]!.items.count
            let result = try Evaluation(paths: [path], options: options).run()
            TestSupport.expectSlicesMatch(result, expected, "\(name) threads \(threads) chunk \(chunkSize)")
            #expect(result.invalidRows == 2)
            #expect(!result.slices.contains { $0.key.values == [""] })
        }
    }

    @Test func dictionaryValueColumnsAndNestedSliceColumnsAreRefusedByNameAndLaterColumnsRead() throws {
        var dictionary = options(slices: [])
        dictionary.columns.predictions = ["region"]
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"region\" is dictionary-encoded"]) {
            _ = try Evaluation(paths: [Self.fixture("arrow/slices-pandas.feather")], options: dictionary).run()
        }
        // Columns after a dictionary-encoded one are found at their own buffers (it has indices, no children).
        var afterDictionary = options(slices: [])
        afterDictionary.columns.labels = ["flag"]
        let feather = try Evaluation(paths: [Self.fixture("arrow/slices-pandas.feather")], options: afterDictionary)
            .run()
        let csv = try Evaluation(paths: [Self.fixture("slices/slices.csv")], options: afterDictionary).run()
        #expect(feather.rows == 300)
        #expect(feather.metrics.map(\.value.bitPattern) == csv.metrics.map(\.value.bitPattern))
        for path in ["parquet/binary-none-plain.parquet", "arrow/binary-none.arrow"] {
            TestSupport.expectFailure(.invalidHeader, containing: ["column \"tags\" is nested", "not a slice key"]) {
                _ = try Evaluation(paths: [Self.fixture(path)], options: options(slices: ["tags"])).run()
            }
        }
    }

    /// String slice columns of the older fixtures (`name`, `row0`…, dictionary-encoded by pyarrow) against the
    /// CSV the same texts make.
    @Test func stringKeysOfTheBinaryFixturesAreTheirTexts() throws {
        let path = Self.fixture("parquet/binary-snappy-dict.parquet")
        let result = try Evaluation(paths: [path], options: options(slices: ["name"], threads: 3, chunkSize: 100))
            .run()
        #expect(result.slices.count == result.rows)
        #expect(Set(result.slices.map { $0.key.values[0] }) == Set((0..<result.rows).map { "row\($0)" }))
    }

    @Test func hostileStringLengthsAndDictionaryIndicesAreCleanErrors() throws {
        TestSupport.expectFailure(
            .corruptData, containing: ["column \"region\": a dictionary index of 5, past its 2 entries"]
        ) {
            _ = try Evaluation(
                paths: [Self.fixture("arrow/slices-bad-index.arrows")], options: options(slices: ["region"])
            ).run()
        }
        // The first PLAIN "desktop" (length 7) made 2^31 - 1 bytes long.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture("parquet/slices-plain.parquet"))))
        let value: [UInt8] = [7, 0, 0, 0] + Array("desktop".utf8)
        let at = try #require(
            (0..<bytes.count - value.count).first { bytes[$0..<$0 + value.count].elementsEqual(value) })
        bytes.replaceSubrange(at..<at + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        let path = folder.appendingPathComponent("hostile.parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        TestSupport.expectFailure(
            .corruptData, containing: ["column \"device\": a byte array of 2147483647 bytes runs past its page"]
        ) {
            _ = try Evaluation(paths: [path], options: options(slices: ["device"])).run()
        }
    }

    /// Every cut of a file, and random byte changes, end in a result or an ``XStreamError``: never a trap.
    @Test(arguments: [
        "parquet/slices-dict.parquet", "parquet/slices-delta-v2.parquet", "parquet/slices-plain.parquet",
        "arrow/slices-delta.arrows", "arrow/slices-replace.arrows",
    ])
    func truncatedAndCorruptedInputsEndInACleanError(name: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture(name))))
        let path = folder.appendingPathComponent(URL(fileURLWithPath: name).lastPathComponent).path
        let options = options(slices: ["region", "device", "tier"], skipInvalid: true)
        func attempt(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try Evaluation(paths: [path], options: options).run()
            } catch is XStreamError {}
        }
        var generator = TestSupport.SeededGenerator(seed: 17)
        for _ in 0..<30 {
            try attempt(Array(original.prefix(Int.random(in: 0..<original.count, using: &generator))))
        }
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            try attempt(bytes)
        }
    }
}
