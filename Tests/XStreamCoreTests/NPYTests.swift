import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// `.npy` inputs: layouts NumPy writes, mixed with CSV, and every malformed layout as a clear error.
@Suite struct NPYTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// An `.npy` file of the given header dict text and body, in format version `major`.
    private func npy(_ name: String, header: String, body: [UInt8], major: UInt8 = 1) throws -> String {
        var text = Array(header.utf8)
        let prefix = major == 1 ? 10 : 12
        while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        var bytes: [UInt8] = NPYHeader.magic + [major, 0]
        if major == 1 {
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            bytes += withUnsafeBytes(of: UInt32(text.count).littleEndian, Array.init)
        }
        let url = folder.appendingPathComponent(name)
        try Data(bytes + text + body).write(to: url)
        return url.path
    }

    /// The header of a 1-D array of (`label` u1, `pred` little-endian f4) records, NumPy's spelling.
    private static func labelPredictionHeader(records: Int) -> String {
        "{'descr': [('label', '|u1'), ('pred', '<f4')], 'fortran_order': False, 'shape': (\(records),), }"
    }

    private func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian, Array.init)
    }
    private func float64(_ value: Double) -> [UInt8] { littleEndian(value.bitPattern) }
    private func float32(_ value: Float) -> [UInt8] { littleEndian(value.bitPattern) }

    private func evaluate(
        _ paths: [String], task: PredictionTask = .binary, columns: ColumnSelection = ColumnSelection(),
        skip: Bool = false
    ) throws -> EvaluationResult {
        try Evaluation(
            paths: paths,
            options: EvaluationOptions(
                settings: EvaluationSettings(task: task), columns: columns, threads: 2, chunkSize: 5, skipInvalid: skip)
        ).run()
    }

    @Test(arguments: [UInt8(1), 2, 3])
    func everyHeaderVersionReads(major: UInt8) throws {
        let body = [UInt8(1)] + float32(0.75) + [0] + float32(0.25)
        let path = try npy(
            "v\(major).npy",
            header: Self.labelPredictionHeader(records: 2),
            body: body, major: major)
        let result = try evaluate([path])
        #expect(result.rows == 2)
        // Float32 predictions are evaluated as exactly those float32 values.
        #expect(result.metrics.first { $0.name.rawValue == "mae" }?.value == Double(Float(0.25)))
    }

    @Test func everyNumericTypeAndByteOrderWidensExactly() throws {
        let types = ["|i1", "<i2", ">i2", "<i4", ">u4", "<i8", "<u8", "|b1", "<f4", ">f8", "<u2"]
        var fields: [String] = []
        var body: [UInt8] = []
        for (index, type) in types.enumerated() {
            fields.append("('c\(index)', '\(type)')")
            let size = Int(type.dropFirst(2))!
            var bytes = [UInt8](repeating: 0, count: size)
            bytes[type.hasPrefix(">") ? size - 1 : 0] = 1  // the value 1 (or the smallest positive f4/f8 bit)
            if type.dropFirst().first == "f" {
                bytes = type.hasPrefix(">") ? Array(float64(1).reversed()) : float32(1)
            }
            body += bytes
        }
        let header = "{'descr': [\(fields.joined(separator: ", "))], 'fortran_order': False, 'shape': (1,), }"
        let path = try npy("types.npy", header: header, body: body)
        for index in 1..<types.count {
            let result = try evaluate(
                [path], task: .regression, columns: ColumnSelection(labels: ["c0"], predictions: ["c\(index)"]))
            #expect(result.metrics.first { $0.name.rawValue == "mae" }?.value == 0, "\(types[index]) reads as 1")
        }
    }

    @Test func mixedWithCSVMatchesTheOracle() throws {
        let fixtures = TestSupport.fixtures
        let paths = ["binary/part-0.csv", "npy/binary-1.npy.zst", "binary/part-2.csv.lz4", "npy/binary-0.npy"]
            .map { fixtures.appendingPathComponent($0).path }
        let expected = try TestSupport.oracle(["--pred", "pred"] + paths, in: folder)
        for threads in [1, 4] {
            let result = try Evaluation(
                paths: paths,
                options: EvaluationOptions(
                    settings: EvaluationSettings(task: .binary), columns: ColumnSelection(predictions: ["pred"]),
                    threads: threads, chunkSize: 333)
            ).run()
            #expect(Double(result.rows) == expected["rows"]?.doubleValue)
            for metric in result.metrics {
                #expect(
                    metric.value.bitPattern == expected["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern,
                    "\(metric.name)")
            }
            #expect(result.inputs.map(\.format) == ["csv", "npy", "csv", "npy"])
        }
    }

    /// Columns that are not used may be of any type: strings, datetimes, complex numbers.
    @Test func unusedColumnsOfOtherTypesAreSkipped() throws {
        let header =
            "{'descr': [('when', '<M8[ns]'), ('label', '|u1'), ('name', '|S3'), ('pred', '<f8'), ('z', '<c16')], 'fortran_order': False, 'shape': (2,), }"
        let record = { (label: UInt8, pred: Double) in
            [UInt8](repeating: 7, count: 8) + [label] + Array("abc".utf8) + float64(pred)
                + [UInt8](repeating: 0, count: 16)
        }
        let path = try npy("mixed.npy", header: header, body: record(1, 0.75) + record(0, 0.25))
        let result = try evaluate([path], columns: ColumnSelection(predictions: ["pred"]))
        #expect(result.rows == 2)
        #expect(result.metrics.first { $0.name.rawValue == "mae" }?.value == 0.25)
        TestSupport.expectFailure(.invalidHeader, containing: ["column \"when\" has type '<M8[ns]'"]) {
            _ = try evaluate([path], columns: ColumnSelection(predictions: ["when"]))
        }
    }

    @Test func twoDimensionalDefaultsToColumnZeroAsLabel() throws {
        let body = [0.0, 0.9, 0.1, 1.0, 0.2, 0.8].flatMap(float64)
        let path = try npy("m.npy", header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", body: body)
        let result = try evaluate([path], task: .multiclass)
        #expect(result.rows == 2)
        #expect(result.metrics.first { $0.name.rawValue == "accuracy" }?.value == 1)
    }

    @Test(arguments: [
        ("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", "Fortran-order"),
        ("{'descr': [('label', '|u1'), ('pred', '|O')], 'fortran_order': False, 'shape': (1,), }", "object dtype"),
        (
            "{'descr': [('label', '|u1'), ('pred', '<U4')], 'fortran_order': False, 'shape': (1,), }",
            "string dtype where a number is needed"
        ),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", "must be 2-D"),
        ("{'descr': [('label', '|u1'), ('pred', '<f4')], 'fortran_order': False, 'shape': (1, 2), }", "must be 1-D"),
        ("{'descr': [('label', '|u1'), ('pred', '<f4', (2,))], 'fortran_order': False, 'shape': (1,), }", "sub-array"),
        ("{'descr': [('label', '|u1'), ('pred', '<f4')], 'fortran_order': False}", "'shape'"),
        (
            "{'descr': [('label', '|u1'), ('p', '<f4')], 'fortran_order': False, 'shape': (1,), }",
            "no column named \"pred\""
        ),
        ("not a dict", ".npy header"),
    ])
    func unusableLayoutsAreClearErrors(header: String, fragment: String) throws {
        let path = try npy("bad.npy", header: header, body: [UInt8](repeating: 0, count: 32))
        TestSupport.expectFailure(.invalidHeader, containing: [path, fragment]) {
            _ = try evaluate([path], columns: ColumnSelection(labels: ["label"], predictions: ["pred"]))
        }
    }

    @Test func recordCountsMustMatchTheHeader() throws {
        let record = [UInt8(1)] + float32(0.5)
        let inside = try npy(
            "inside.npy", header: Self.labelPredictionHeader(records: 3), body: record + record + record.prefix(3))
        TestSupport.expectFailure(.truncatedData, containing: [inside, "record 2: the data ends inside this record"]) {
            _ = try evaluate([inside])
        }
        let fewer = try npy("fewer.npy", header: Self.labelPredictionHeader(records: 5), body: record + record)
        TestSupport.expectFailure(
            .truncatedData, containing: [fewer, "record 2: the data ends after 2 of the 5 records"]
        ) {
            _ = try evaluate([fewer])
        }
        let more = try npy("more.npy", header: Self.labelPredictionHeader(records: 1), body: record + record)
        TestSupport.expectFailure(.corruptData, containing: [more, "record 1: more data than the 1 records"]) {
            _ = try evaluate([more])
        }
        try TestSupport.run(["zstd", "-q", inside])
        TestSupport.expectFailure(.truncatedData, containing: [inside + ".zst", "record 2"]) {
            _ = try evaluate([inside + ".zst"])
        }
    }

    @Test func invalidRecordsAreNamedByIndex() throws {
        let body = [UInt8(1)] + float32(0.5) + [0] + float32(.nan) + [3] + float32(0.5) + [1] + float32(1.5)
        let path = try npy(
            "rows.npy",
            header: Self.labelPredictionHeader(records: 4),
            body: body)
        TestSupport.expectFailure(
            .invalidRow, containing: ["\(path): record 1: column \"pred\": nan is not a finite number"]
        ) {
            _ = try evaluate([path])
        }
        let skipped = try evaluate([path], skip: true)
        #expect(skipped.rows == 1)
        #expect(skipped.invalidBreakdown.map(\.reason) == [.nonFinite, .probabilityOutOfRange, .labelOutOfRange])
        #expect(skipped.invalidBreakdown.flatMap(\.examples).contains { $0.message.hasPrefix("\(path): record 3: ") })
    }

    /// Records are decoded a batch at a time; invalid ones deep inside a batch are still found in order,
    /// named by index and, when skipped, leave the same sums as the oracle's.
    @Test func invalidRecordsInsideLargeBatchesAreFoundInOrder() throws {
        var body: [UInt8] = []
        for record in 0..<2000 {
            let prediction: Float =
                switch record {
                case 300: 1.5
                case 700: .nan
                case 1501: -.infinity
                default: Float(record % 97) / 96
                }
            body += [UInt8(record % 2)] + float32(prediction)
        }
        let path = try npy(
            "large.npy",
            header: Self.labelPredictionHeader(records: 2000),
            body: body)
        TestSupport.expectFailure(
            .invalidRow, containing: ["\(path): record 300: column \"pred\": 1.5 is not a probability"]
        ) {
            _ = try evaluate([path])
        }
        let skipped = try evaluate([path], skip: true)
        #expect(skipped.rows == 1997)
        #expect(skipped.invalidBreakdown.map(\.reason) == [.nonFinite, .probabilityOutOfRange])
        let example = skipped.invalidBreakdown.first?.examples.first
        #expect(example?.message.hasPrefix("\(path): record 700: ") == true)
        #expect(example?.record == 700)
        #expect(example?.line == nil)
        let expected = try TestSupport.oracle(["--skip-invalid", path], in: folder)
        for metric in skipped.metrics {
            #expect(
                metric.value.bitPattern == expected["metrics"]?[metric.name.rawValue]?.doubleValue?.bitPattern,
                "\(metric.name)")
        }
    }

    @Test func headerOnlyFileHasZeroRows() throws {
        let empty = try npy(
            "empty.npy",
            header: Self.labelPredictionHeader(records: 0), body: [])
        let rows = try npy(
            "rows.npy",
            header: Self.labelPredictionHeader(records: 1),
            body: [1] + float32(0.5))
        let result = try evaluate([empty, rows])
        #expect(result.inputs.map(\.rows) == [0, 1])
        #expect(result.inputs.map(\.format) == ["npy", "npy"])
    }
}
