import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

/// Parquet and Arrow IPC files as Polars, pandas and DuckDB write them, through the real binary: the expected
/// metrics, the report's formats, standard input, damaged files, nulls, nested columns and convert.
@Suite struct ColumnarInputTests {
    private let folder: URL

    init() throws { folder = try XStreamBinary.temporaryFolder() }

    private static func fixture(_ name: String) -> String {
        XStreamBinary.fixtures.appendingPathComponent(name).path
    }

    private static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: fixture(name)))
    }

    /// The oracle's report over `arguments` (it reads each columnar file's sidecar).
    private func oracle(_ arguments: [String]) throws -> JSONValue {
        let script = XStreamBinary.fixtures.appendingPathComponent("oracle.py").path
        let outcome = try ChildProcess.run("python3", [script] + arguments, in: XStreamBinary.fixtures)
        #expect(outcome.status == 0, "\(outcome.error)")
        return try JSONValue.parse(String(decoding: outcome.output, as: UTF8.self))
    }

    /// The expected values of a fixture set in Fixtures/expected.
    private func expected(_ set: String) throws -> JSONValue {
        let url = XStreamBinary.fixtures.appendingPathComponent("expected/\(set).json")
        return try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    }

    /// Runs `eval --json` and returns its report, expecting exit 0.
    private func report(_ arguments: [String], input: Data? = nil) throws -> JSONValue {
        let outcome = try XStreamBinary.run(["eval", "--json"] + arguments, input: input)
        #expect(outcome.status == 0, "\(arguments): \(outcome.error)")
        return try JSONValue.parse(outcome.output)
    }

    private func expectSameMetrics(_ report: JSONValue, _ expected: JSONValue, _ context: String) {
        #expect(report["rows"]?.doubleValue == expected["rows"]?.doubleValue, "\(context)")
        #expect(report["invalid_rows"]?.doubleValue == expected["invalid_rows"]?.doubleValue, "\(context)")
        let metrics = expected["metrics"]!
        #expect(report["metrics"]?.keys == metrics.keys, "\(context)")
        for name in metrics.keys {
            #expect(
                report["metrics"]?[name]?.doubleValue?.bitPattern == metrics[name]?.doubleValue?.bitPattern,
                "\(context) \(name)")
        }
    }

    /// Expects exit 2 with one clean line that starts with the file's name, and returns it.
    private func failure(_ arguments: [String], input: Data? = nil, naming name: String) throws -> String {
        let outcome = try XStreamBinary.run(["eval"] + arguments, input: input, in: folder)
        #expect(!outcome.signaled)
        #expect(outcome.status == 2, "\(arguments): \(outcome.error)")
        #expect(outcome.error.hasPrefix("xstream: error: \(name): "), "\(outcome.error)")
        #expect(outcome.error.hasSuffix("\n") && outcome.error.filter { $0 == "\n" }.count == 1, "\(outcome.error)")
        return outcome.error
    }

    private func write(_ data: Data, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    @Test(arguments: ["tools-parquet-binary", "tools-arrow-binary", "tools-multiclass"])
    func eachToolSetGivesItsExpectedMetrics(set: String) throws {
        let expected = try expected(set)
        let inputs = expected["inputs"]!.items.compactMap(\.stringValue)
        var arguments = ["--pred", expected["options"]!["pred"]!.stringValue!]
        if let task = expected["options"]?["task"]?.stringValue { arguments += ["--task", task] }
        for threads in ["1", "3"] {
            let report = try report(arguments + ["--threads", threads, "--chunk-size", "4KiB"] + inputs)
            expectSameMetrics(report, expected, "\(set) threads \(threads)")
            let formats = report["inputs"]!.items.compactMap { $0["format"]?.stringValue }
            #expect(formats == inputs.map { $0.hasSuffix(".parquet") ? "parquet" : "arrow" })
        }
    }

    /// One file of each kind on its own, in the JSON report and in the table's per-input line.
    @Test(arguments: [
        ("parquet/polars-default.parquet", "parquet"), ("parquet/duckdb-v2.parquet", "parquet"),
        ("arrow/pandas-default.feather", "arrow"), ("arrow/polars-stream.arrows", "arrow"),
    ])
    func aSingleFileMatchesTheOracleAndItsTableLineNamesTheFormat(name: String, format: String) throws {
        let report = try report([name])
        expectSameMetrics(report, try oracle(["--pred", "pred", name]), name)
        let input = report["inputs"]!.items.first
        #expect(input?["format"]?.stringValue == format)
        #expect(input?["codec"]?.stringValue == "plain")
        let table = try XStreamBinary.run(["eval", name])
        #expect(table.status == 0)
        let line = table.output.split(separator: "\n").first { $0.hasPrefix("  \(name) ") }
        #expect(line?.split(separator: " ").prefix(3) == ["\(name)", "\(format)", "plain"], "\(table.output)")
    }

    @Test func parquetArrowAndCSVInOneEvaluation() throws {
        let inputs = ["parquet/pandas-default.parquet", "binary/part-0.csv", "arrow/polars-default.feather"]
        let report = try report(["--threads", "2"] + inputs)
        expectSameMetrics(report, try oracle(["--pred", "pred"] + inputs), "mixed")
        #expect(report["inputs"]!.items.compactMap { $0["format"]?.stringValue } == ["parquet", "csv", "arrow"])
    }

    @Test func parquetThroughAPipeIsRefusedWithWhatToDo() throws {
        let message = try failure(["-"], input: try Self.bytes("parquet/duckdb-default.parquet"), naming: "-")
        #expect(message == "xstream: error: -: Parquet needs a file (its metadata is at the end); save it first\n")
    }

    /// Standard input redirected from a file (`< preds.parquet`) is that file, which Parquet can seek in.
    @Test func parquetRedirectedFromAFileIsRead() throws {
        let name = "parquet/duckdb-default.parquet"
        let outcome = try ChildProcess.run(
            "sh", ["-c", "\"$0\" eval --json - < \"$1\"", CommandLineTests.binary, Self.fixture(name)])
        #expect(outcome.status == 0, "\(outcome.error)")
        let report = try JSONValue.parse(String(decoding: outcome.output, as: UTF8.self))
        expectSameMetrics(report, try oracle(["--pred", "pred", name]), "redirected")
        #expect(report["inputs"]!.items.first?["format"]?.stringValue == "parquet")
    }

    @Test func aZstdCompressedParquetFileIsRefusedWithWhatToDo() throws {
        let path = folder.appendingPathComponent("p.parquet.zst").path
        let zstd = try ChildProcess.run("zstd", ["-q", Self.fixture("parquet/polars-default.parquet"), "-o", path])
        #expect(zstd.status == 0)
        let message = try failure([path], naming: path)
        #expect(message.contains("a zstd-compressed Parquet file cannot be read"))
        #expect(message.contains("decompress it first"))
    }

    @Test(arguments: ["arrow/polars-stream.arrows", "arrow/polars-default.feather", "arrow/pandas-default.feather"])
    func arrowThroughAPipeMatchesTheFile(name: String) throws {
        let piped = try report(["-"], input: try Self.bytes(name))
        expectSameMetrics(piped, try report([name]), "\(name) piped")
        #expect(piped["inputs"]!.items.first?["format"]?.stringValue == "arrow")
    }

    /// A Parquet file cut in its footer, cut in a page (with its footer put back, so that the page is missing),
    /// and Arrow files cut short: exit 2 naming the file, never a crash.
    @Test func truncatedFilesAreOneCleanError() throws {
        let parquet = try Self.bytes("parquet/polars-default.parquet")
        let footer = try write(parquet.prefix(parquet.count - 40), "footer.parquet")
        #expect(try failure([footer], naming: footer).contains("does not end with PAR1"))
        let half = try write(parquet.prefix(parquet.count / 2), "half.parquet")
        _ = try failure([half], naming: half)
        // The first page ends past the cut; the footer still lists it.
        let page = try write(parquet.prefix(parquet.count / 3) + parquet.suffix(2000), "page.parquet")
        _ = try failure([page], naming: page)
        for name in ["arrow/polars-default.feather", "arrow/pandas-default.feather", "arrow/polars-stream.arrows"] {
            let arrow = try Self.bytes(name)
            let cut = try write(arrow.prefix(arrow.count / 2), "cut-\(URL(fileURLWithPath: name).lastPathComponent)")
            #expect(try failure([cut], naming: cut).contains("ends inside a message"))
            _ = try failure(["-"], input: arrow.prefix(arrow.count - 100), naming: "-")
        }
    }

    @Test(arguments: [
        ("parquet/pandas-nulls.parquet", "record 3: column \"pred\": null"),
        ("arrow/polars-nulls.feather", "record 0: column \"label\": null"),
    ])
    func aNullInAUsedColumnNamesFileRecordAndColumn(name: String, words: String) throws {
        let path = Self.fixture(name)
        #expect(try failure([path], naming: path) == "xstream: error: \(path): \(words)\n")
        let report = try report(["--skip-invalid", name])
        expectSameMetrics(report, try oracle(["--pred", "pred", "--skip-invalid", name]), name)
        #expect(report["invalid_rows"]?.doubleValue == 3)
        let breakdown = report["invalid_breakdown"]!.items
        #expect(breakdown.map { $0["reason"]?.stringValue } == ["null"])
        #expect(breakdown.first?["count"]?.doubleValue == 3)
    }

    /// Lists and structs are fine while unused (every tool file has some) and refused by name when used.
    @Test(arguments: [
        ("parquet/duckdb-default.parquet", "info"), ("parquet/duckdb-default.parquet", "tags"),
        ("arrow/polars-stream.arrows", "tags"),
    ])
    func aUsedNestedColumnIsNamed(name: String, column: String) throws {
        let path = Self.fixture(name)
        let message = try failure(["--pred", column, path], naming: path)
        #expect(message.contains("column \"\(column)\" is nested"), "\(message)")
    }

    @Test(arguments: ["out.npy", "out.npy.zst"])
    func convertKeepsTheMetricsBits(output: String) throws {
        let inputs = ["parquet/duckdb-zstd-groups.parquet", "arrow/polars-zstd.arrow", "arrow/pandas-default.feather"]
            .map(Self.fixture)
        let path = folder.appendingPathComponent(output).path
        let converted = try XStreamBinary.run(["convert", "--pred", "pred", "-o", path] + inputs)
        #expect(converted.status == 0, "\(converted.error)")
        expectSameMetrics(try report([path]), try report(inputs), output)
        let multiclass = try expected("tools-multiclass")
        let classes = multiclass["inputs"]!.items.compactMap(\.stringValue).map(Self.fixture)
        let again = try XStreamBinary.run(["convert", "--pred", "p0,p1,p2", "-o", path] + classes)
        #expect(again.status == 0, "\(again.error)")
        expectSameMetrics(try report(["--task", "multiclass", "--pred", "p0,p1,p2", path]), multiclass, "multiclass")
    }
}
