import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

/// Inputs as real jobs have them, through the real binary: pandas-style `.csv.gz` / `.bz2` / `.xz` written by
/// Python, directories, quoted glob patterns and `--files-from` lists (also on standard input).
@Suite struct RealInputTests {
    static let fixtures = CommandLineTests.fixtures
    static let binary = CommandLineTests.binary

    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Runs the binary in `directory` (the fixtures by default); returns status, stdout and stderr.
    private func xstream(_ arguments: [String], input: Data? = nil, in directory: URL? = nil) throws -> (
        status: Int32, output: String, error: String
    ) {
        let outcome = try ChildProcess.run(Self.binary, arguments, input: input, in: directory ?? Self.fixtures)
        return (outcome.status, String(decoding: outcome.output, as: UTF8.self), outcome.error)
    }

    private func report(_ output: String) throws -> JSONValue { try JSONValue.parse(output) }

    private func inputPaths(_ report: JSONValue) -> [String] {
        guard case .array(let inputs) = report["inputs"] ?? .null else { return [] }
        return inputs.compactMap { if case .string(let path) = $0["path"] ?? .null { path } else { nil } }
    }

    private func expectSameMetrics(_ report: JSONValue, _ expected: JSONValue, _ context: String) {
        guard case .object(let want) = expected["metrics"] ?? .null else {
            Issue.record("no metrics: \(context)")
            return
        }
        for (name, value) in want {
            #expect(
                report["metrics"]?[name]?.doubleValue?.bitPattern == value.doubleValue?.bitPattern, "\(context) \(name)"
            )
        }
    }

    /// Python's `gzip`, `bz2` and `lzma` modules (what pandas' `to_csv("x.csv.gz")` and friends call) write the
    /// plain fixture; every one gives the plain file's bits, and the report names the codec.
    @Test func csvWrittenByPythonsCompressionModulesMatchesThePlainFile() throws {
        let plain = Self.fixtures.appendingPathComponent("regression/part-1.csv").path
        let script = """
            import bz2, gzip, lzma, sys
            data = open(sys.argv[1], "rb").read()
            with gzip.open(sys.argv[2] + "/scores.csv.gz", "wb") as f: f.write(data[:1000]); f.write(data[1000:])
            open(sys.argv[2] + "/scores.csv.bz2", "wb").write(bz2.compress(data))
            open(sys.argv[2] + "/scores.csv.xz", "wb").write(lzma.compress(data))
            """
        #expect(try ChildProcess.run("python3", ["-c", script, plain, folder.path]).status == 0)
        let arguments = ["eval", "--json", "--task", "regression", "--label", "y", "--pred", "yhat"]
        let expected = try xstream(arguments + [plain])
        #expect(expected.status == 0)
        for (name, codec) in [("gz", "gzip"), ("bz2", "bzip2"), ("xz", "xz")] {
            let path = folder.appendingPathComponent("scores.csv.\(name)").path
            let outcome = try xstream(arguments + [path])
            #expect(outcome.status == 0, "\(outcome.error)")
            let json = try report(outcome.output)
            expectSameMetrics(json, try report(expected.output), name)
            guard case .array(let inputs) = json["inputs"] ?? .null else {
                Issue.record("no inputs: \(name)")
                continue
            }
            #expect(inputs.first?["codec"] == .string(codec))
        }
    }

    /// What `df.to_csv("scores.csv.gz", index=False)` writes for a boolean label column: `True` / `False`.
    @Test func pandasStyleBooleanLabelsInAGzipFile() throws {
        let script = """
            import gzip, sys
            rows = [("True", "0.875"), ("False", "0.125"), ("True", "0.5"), ("False", "0.75")]
            with gzip.open(sys.argv[1] + "/pandas.csv.gz", "wt", newline="") as f:
                f.write("label,pred\\n" + "".join(f"{y},{p}\\n" for y, p in rows))
            with open(sys.argv[1] + "/numbers.csv", "w") as f:
                f.write("label,pred\\n" + "".join(f"{int(y == 'True')},{p}\\n" for y, p in rows))
            """
        #expect(try ChildProcess.run("python3", ["-c", script, folder.path]).status == 0)
        let words = try xstream(["eval", "--json", folder.appendingPathComponent("pandas.csv.gz").path])
        let numbers = try xstream(["eval", "--json", folder.appendingPathComponent("numbers.csv").path])
        #expect(words.status == 0, "\(words.error)")
        expectSameMetrics(try report(words.output), try report(numbers.output), "True/False labels")
        #expect(try report(words.output)["rows"] == .int(4))
    }

    @Test func directoriesAndQuotedPatternsExpandInSortedOrder() throws {
        let explicit = ["binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"]
        let expected = try report(try xstream(["eval", "--json", "--pred", "pred"] + explicit).output)
        for arguments in [["binary"], ["binary/"], ["binary/part-*"], ["b?nary/*"], ["**/b*/part-[0-2].csv*"]] {
            let outcome = try xstream(["eval", "--json", "--pred", "pred"] + arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.error)")
            let json = try report(outcome.output)
            let paths = inputPaths(json)
            #expect(paths == explicit, "\(arguments)")
            expectSameMetrics(json, expected, "\(arguments)")
        }
        let none = try xstream(["eval", "binary/*.parquet"])
        #expect(none.status == 2)
        #expect(none.error == "xstream: error: no files match the pattern \"binary/*.parquet\"\n")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let empty = try xstream(["eval", "empty"], in: folder)
        #expect(empty.status == 2)
        #expect(empty.error == "xstream: error: no input files in empty\n")
    }

    @Test func filesFromStandardInputAndFromAFile() throws {
        let list = "# tonight\nbinary/part-0.csv\n\nbinary/part-2.csv.lz4\r\n# binary/part-1.csv.zst\nbinary/part-1*\n"
        let outcome = try xstream(["eval", "--json", "--pred", "pred", "--files-from", "-"], input: Data(list.utf8))
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(
            inputPaths(try report(outcome.output)) == [
                "binary/part-0.csv", "binary/part-2.csv.lz4", "binary/part-1.csv.zst",
            ])
        let listFile = folder.appendingPathComponent("list.txt")
        try Data("binary/part-1.csv.zst\n".utf8).write(to: listFile)
        let both = try xstream(["eval", "--json", "--pred", "pred", "binary/part-0.csv", "--files-from", listFile.path])
        #expect(both.status == 0, "\(both.error)")
        #expect(inputPaths(try report(both.output)) == ["binary/part-0.csv", "binary/part-1.csv.zst"])
        let twice = try xstream(["eval", "--files-from", "-", "-"], input: Data())
        #expect(twice.status == 2)
        #expect(twice.error.contains("only once"))
        let nothing = try xstream(["eval"])
        #expect(nothing.status == 2)
        #expect(nothing.error.contains("--files-from"))
    }

    @Test func convertTakesDirectoriesPatternsAndLists() throws {
        let output = folder.appendingPathComponent("out.npy").path
        let list = Data("binary/part-2.csv.lz4\n".utf8)
        let outcome = try xstream(
            ["convert", "--pred", "pred", "-o", output, "binary/part-[01]*", "--files-from", "-"], input: list)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("569 records"))
        let viaDirectory = try xstream(["convert", "--pred", "pred", "-o", output, "binary"])
        #expect(viaDirectory.status == 0, "\(viaDirectory.error)")
        #expect(viaDirectory.output.contains("569 records"))
    }
}
