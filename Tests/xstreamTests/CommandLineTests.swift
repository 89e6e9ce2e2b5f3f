import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

/// The real `xstream` binary: output, exit status and files, as a user or a CI job sees them.
@Suite struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")
    static let binary = Bundle.main.bundleURL.appendingPathComponent("xstream").path

    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    struct Outcome {
        var status: Int32
        var output: String
        var error: String

        /// The report read with an exact number parser (Foundation's JSONSerialization rounds some doubles
        /// wrongly on Linux, so it only checks that the text is valid JSON).
        var json: JSONValue {
            #expect((try? JSONSerialization.jsonObject(with: Data(output.utf8))) != nil, "valid JSON")
            return (try? JSONValue.parse(output)) ?? .null
        }

        func metric(_ name: String) -> Double? { json["metrics"]?[name]?.doubleValue }
    }

    @discardableResult
    private func xstream(_ arguments: [String], input: Data? = nil, command: String? = nil) throws -> Outcome {
        let outcome = try ChildProcess.run(command ?? Self.binary, arguments, input: input, in: Self.fixtures)
        return Outcome(
            status: outcome.status, output: String(decoding: outcome.output, as: UTF8.self), error: outcome.error)
    }

    private var binaryFixture: [String] {
        ["--pred", "pred", "binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"]
    }

    private func expected(_ name: String) throws -> JSONValue {
        try JSONValue.parse(
            String(contentsOf: Self.fixtures.appendingPathComponent("expected/\(name).json"), encoding: .utf8))
    }

    @Test func tableReportExitsZero() throws {
        let outcome = try xstream(["eval"] + binaryFixture)
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("cross_entropy"))
        #expect(outcome.output.contains("binary/part-1.csv.zst"))
        #expect(outcome.output.contains("M rows/s"))
        #expect(outcome.error.isEmpty, "no progress on a non-terminal stderr: \(outcome.error)")
    }

    @Test func jsonReportHasEveryFieldAndExactFloats() throws {
        let outcome = try xstream(["eval", "--json", "--threads", "3"] + binaryFixture)
        #expect(outcome.status == 0)
        let json = outcome.json
        for key in [
            "rows", "metrics", "invalid_rows", "inputs", "task", "eps", "threads", "elapsed_seconds", "xstream_version",
            "peak_rss_bytes",
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["rows"] == .int(569))
        #expect(json["threads"] == .int(3))
        #expect((json["peak_rss_bytes"]?.doubleValue ?? 0) > 1e6, "a real process uses more than a megabyte")
        guard case .object(let want) = try expected("binary")["metrics"] ?? .null else {
            Issue.record("no expected metrics")
            return
        }
        for (name, value) in want {
            #expect(outcome.metric(name)?.bitPattern == value.doubleValue?.bitPattern, "\(name)")
        }
        guard case .array(let inputs) = json["inputs"] ?? .null else {
            Issue.record("no inputs")
            return
        }
        #expect(inputs.map { $0["codec"] } == [.string("plain"), .string("zstd"), .string("lz4")])
        #expect(
            inputs.allSatisfy {
                ($0["compressed_bytes"]?.doubleValue ?? 0) > 0 && ($0["decompressed_bytes"]?.doubleValue ?? 0) > 0
            })
    }

    /// The vector log and one C library call per log give the oracle's bits, whichever switch forces the latter.
    @Test(arguments: [[], ["--scalar-log"], ["--threads", "1", "--chunk-size", "100"]])
    func logKernelsGiveTheSameBits(options: [String]) throws {
        guard case .object(let want) = try expected("binary")["metrics"] ?? .null, !want.isEmpty else {
            Issue.record("no expected metrics")
            return
        }
        let arguments = ["eval", "--json"] + options + binaryFixture
        let viaEnvironment = try xstream(["XSTREAM_SCALAR_LOG=1", Self.binary] + arguments, command: "/usr/bin/env")
        for outcome in [try xstream(arguments), viaEnvironment] {
            #expect(outcome.status == 0, "\(options): \(outcome.error)")
            for (name, value) in want {
                #expect(outcome.metric(name)?.bitPattern == value.doubleValue?.bitPattern, "\(options) \(name)")
            }
        }
    }

    @Test func standardInputGivesTheSameBitsAsTheFile() throws {
        let path = "regression/part-0.csv.zst"
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(path))
        let arguments = ["eval", "--json", "--task", "regression", "--label", "y", "--pred", "yhat"]
        let fromFile = try xstream(arguments + [path])
        let fromStdin = try xstream(arguments + ["-"], input: data)
        #expect(fromFile.status == 0 && fromStdin.status == 0)
        for name in ["mae", "mse", "rmse"] {
            #expect(fromFile.metric(name) != nil)
            #expect(fromFile.metric(name)?.bitPattern == fromStdin.metric(name)?.bitPattern)
        }
    }

    @Test func errorsExitTwoWithOneMessage() throws {
        let bad = folder.appendingPathComponent("bad.csv")
        try "label,pred\n1,0.5\n0,abc\n".write(to: bad, atomically: true, encoding: .utf8)
        let invalid = try xstream(["eval", bad.path])
        #expect(invalid.status == 2)
        #expect(invalid.error == "xstream: error: \(bad.path):3: column \"pred\": \"abc\" is not a number\n")
        #expect(invalid.output.isEmpty, "no report for data that was not evaluated")
        let missing = try xstream(["eval", "no/such.csv"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no/such.csv"))
        for usage in [
            ["eval"], ["eval", "--threads", "0", "x"], ["eval", "--bogus", "x"], ["eval", "--fail-if", "mae ~ 3", "x"],
            ["eval", "--task", "regression", "--fail-if", "cross_entropy > 1", "x"],
            ["eval", "--max-invalid", "5", "x"],
        ] {
            let outcome = try xstream(usage)
            #expect(outcome.status == 2, "\(usage)")
            #expect(!outcome.error.isEmpty)
        }
    }

    /// The core's errors name no flag; the command line adds the one that lifts the limit.
    @Test func limitErrorsNameTheFlagThatLiftsThem() throws {
        let long = folder.appendingPathComponent("long.csv")
        try ("label,pred\n1," + String(repeating: "5", count: 3000) + "\n").write(
            to: long, atomically: true, encoding: .utf8)
        let line = try xstream(["eval", "--max-line-length", "1K", "--chunk-size", "100", long.path])
        #expect(line.status == 2)
        #expect(line.error.hasSuffix("; raise --max-line-length if that is expected\n"), "\(line.error)")
        let columns = try xstream(["eval", "--label", "nope", "binary/part-0.csv"])
        #expect(columns.status == 2)
        #expect(
            columns.error
                == "xstream: error: binary/part-0.csv: no column named \"nope\"; the header has \"id\", \"label\", \"pred\"; choose the columns with --label and --pred (or leave some out with --ignore)\n"
        )
        let mixed = folder.appendingPathComponent("mixed.csv")
        try "label,pred\n1,0.5\n1,x\n".write(to: mixed, atomically: true, encoding: .utf8)
        let skipped = try xstream(["eval", "--skip-invalid", "--max-invalid", "0", mixed.path])
        #expect(skipped.status == 2)
        #expect(skipped.error.contains("more than the limit of 0 allows; the limit is set with --max-invalid"))
    }

    @Test func concatenatedCSVOnStandardInputStopsAtTheSecondHeaderUnlessSkipped() throws {
        let part = try Data(contentsOf: Self.fixtures.appendingPathComponent("binary/part-0.csv"))
        let both = part + part
        let refused = try xstream(["eval", "-"], input: both)
        #expect(refused.status == 2)
        #expect(
            refused.error
                == "xstream: error: -:202: the line repeats the header (files concatenated into one stream?); pass --repeated-headers skip to read concatenated files\n"
        )
        let skipped = try xstream(["eval", "--json", "--repeated-headers", "skip", "-"], input: both)
        let copy = folder.appendingPathComponent("copy-of-part-0.csv")
        try part.write(to: copy)
        let twice = try xstream(["eval", "--json", "binary/part-0.csv", copy.path])
        #expect(skipped.status == 0)
        #expect(skipped.json["rows"] == .int(400))
        #expect(skipped.metric("cross_entropy")?.bitPattern == twice.metric("cross_entropy")?.bitPattern)
        #expect(skipped.json["invalid_rows"] == .int(0))
    }

    @Test func tabSeparatedFilesReadWithCommasGetTheHint() throws {
        let tsv = folder.appendingPathComponent("a.tsv")
        try "label\tpred\n1\t0.5\n".write(to: tsv, atomically: true, encoding: .utf8)
        let outcome = try xstream(["eval", tsv.path])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("the header has tabs but no ,"))
        #expect(outcome.error.hasSuffix("; pass --delimiter tab\n"))
        #expect(try xstream(["eval", "--delimiter", "tab", tsv.path]).status == 0)
    }

    @Test func maxInvalidImpliesSkippingAndConvertSkipsToo() throws {
        let mixed = folder.appendingPathComponent("mixed.csv")
        try "label,pred\n1,0.5\n1,x\n0,0.25\n".write(to: mixed, atomically: true, encoding: .utf8)
        let evaluated = try xstream(["eval", "--json", "--max-invalid", "1", mixed.path])
        #expect(evaluated.status == 0)
        #expect(evaluated.json["invalid_rows"] == .int(1))
        let output = folder.appendingPathComponent("out.npy").path
        let strict = try xstream(["convert", mixed.path, "-o", output])
        #expect(strict.status == 2)
        #expect(!FileManager.default.fileExists(atPath: output))
        let converted = try xstream(["convert", "--skip-invalid", mixed.path, "-o", output])
        #expect(converted.status == 0)
        #expect(converted.output.contains("2 records"))
        #expect(converted.output.contains("skipped 1 invalid rows (not_a_number), first: \(mixed.path):3:"))
        let limited = try xstream(["convert", "--max-invalid", "0", mixed.path, "-o", output + ".2.npy"])
        #expect(limited.status == 2)
        #expect(limited.error.contains("more than the limit of 0 allows"))
    }

    @Test func invalidRowExamplesAreObjectsInTheJSON() throws {
        let mixed = folder.appendingPathComponent("examples.csv")
        try "id,label,pred\n1,1,0.5\n2,1,abc\n3,7,0.5\n4,1\n".write(to: mixed, atomically: true, encoding: .utf8)
        let outcome = try xstream(["eval", "--json", "--skip-invalid", mixed.path])
        #expect(outcome.status == 0)
        let breakdown = outcome.json["invalid_breakdown"]?.items ?? []
        let example = { (reason: String) in
            breakdown.first { $0["reason"] == .string(reason) }?["examples"]?.items.first ?? .null
        }
        let notANumber = example("not_a_number")
        #expect(notANumber["file"] == .string(mixed.path))
        #expect(notANumber["line"] == .int(3))
        #expect(notANumber["record"] == nil)
        #expect(notANumber["column"] == .string("pred"))
        #expect(notANumber["text"] == .string("abc"))
        #expect(notANumber["reason"] == .string("not_a_number"))
        #expect(notANumber["message"] == .string("\(mixed.path):3: column \"pred\": \"abc\" is not a number"))
        let label = example("label_out_of_range")
        #expect(label["line"] == .int(4))
        #expect(label["column"] == .string("label"))
        #expect(label["text"] == .string("7"))
        let fields = example("field_count")
        #expect(fields["line"] == .int(5))
        #expect(fields["column"] == nil)
    }

    /// A bad `-o` is found before any input is read: the error names the user's path, not the bad row that
    /// reading would have found, nor a temporary file.
    @Test func anUnwritableOutputIsRefusedBeforeTheRun() throws {
        let bad = folder.appendingPathComponent("bad.csv")
        try "label,pred\n1,zz\n".write(to: bad, atomically: true, encoding: .utf8)
        for command in [["eval", "--json"], ["merge"], ["convert"]] {
            let output = command == ["convert"] ? "/nonexistent/out.npy" : "/nonexistent/r.json"
            let outcome = try xstream(command + ["-o", output, bad.path])
            #expect(outcome.status == 2, "\(command)")
            #expect(
                outcome.error.hasPrefix("xstream: error: \(output): cannot write there (/nonexistent): No such file"),
                "\(outcome.error)")
        }
        let directory = try xstream(["eval", "-o", folder.path, bad.path])
        #expect(directory.error == "xstream: error: \(folder.path): is a directory\n")
    }

    @Test func usageErrorsHaveTheSamePrefix() throws {
        let outcome = try xstream(["eval", "--threads", "0", "x"])
        #expect(outcome.status == 2)
        #expect(outcome.error.hasPrefix("xstream: error: --threads must be in 1...1024"))
    }

    @Test func thresholdGatesAtTheEdge() throws {
        let observed = try xstream(["eval", "--json"] + binaryFixture).metric("mae")!
        let edge = observed.description
        let pass = try xstream(
            ["eval", "--json", "--fail-if", "mae > \(edge)", "--fail-if", "rows < 569"] + binaryFixture)
        #expect(pass.status == 0)
        #expect(gates(pass).map { $0["failed"] } == [.bool(false), .bool(false)])
        let fail = try xstream(["eval", "--json", "--fail-if", "mae >= \(edge)"] + binaryFixture)
        #expect(fail.status == 1)
        let gate = gates(fail).first
        #expect(gate?["failed"] == .bool(true))
        #expect(gate?["observed"]?.doubleValue == observed)
        #expect(gate?["threshold"]?.doubleValue == observed)
        #expect(gate?["expression"] == .string("mae >= \(edge)"))
        #expect(fail.metric("cross_entropy") != nil, "the report is still complete")
        let table = try xstream(["eval", "--fail-if", "mae>=\(edge)"] + binaryFixture)
        #expect(table.status == 1)
        #expect(table.output.contains("FAILED"))
    }

    private func gates(_ outcome: Outcome) -> [JSONValue] {
        guard case .array(let items) = outcome.json["gates"] ?? .null else { return [] }
        return items
    }

    @Test func baselineComparisons() throws {
        let baseline = folder.appendingPathComponent("baseline.json").path
        let first = try xstream(["eval", "-o", baseline] + binaryFixture)
        #expect(first.status == 0)
        #expect(first.output.contains("cross_entropy"), "stdout keeps the table with --output")
        let same = try xstream(
            [
                "eval", "--json", "--baseline", baseline, "--max-increase", "cross_entropy=0", "--max-decrease",
                "accuracy=0%",
            ] + binaryFixture)
        #expect(same.status == 0)
        // A baseline whose loss was lower: the new run is worse by a known relative amount.
        let loss = try #require(same.metric("cross_entropy"))
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        let edited = text.replacingOccurrences(
            of: "\"cross_entropy\": \(loss)", with: "\"cross_entropy\": \(loss / 1.01)")
        #expect(edited != text)
        try edited.write(toFile: baseline, atomically: true, encoding: .utf8)
        let worse = try xstream(
            ["eval", "--json", "--baseline", baseline, "--max-increase", "cross_entropy=0.5%"] + binaryFixture)
        #expect(worse.status == 1)
        guard case .array(let comparisons) = worse.json["baseline"]?["comparisons"] ?? .null else {
            Issue.record("no comparisons")
            return
        }
        #expect(comparisons.first?["old"]?.doubleValue == loss / 1.01)
        #expect(comparisons.first?["new"]?.doubleValue == loss)
        #expect(comparisons.first?["failed"] == .bool(true))
        let tolerant = try xstream(
            ["eval", "--baseline", baseline, "--max-increase", "cross_entropy=1.5%"] + binaryFixture)
        #expect(tolerant.status == 0)
        let otherTask = try xstream([
            "eval", "--task", "regression", "--label", "y", "--pred", "yhat", "--baseline", baseline, "--max-increase",
            "mae=1", "regression/part-1.csv",
        ])
        #expect(otherTask.status == 2)
        #expect(otherTask.error.contains("task: binary in the baseline, regression in this run"))
        #expect(otherTask.error.hasSuffix("; pass --baseline-mismatch warn to compare anyway\n"))
        let warned = try xstream([
            "eval", "--json", "--task", "regression", "--label", "y", "--pred", "yhat", "--baseline", baseline,
            "--baseline-mismatch", "warn", "--max-increase", "mae=1", "regression/part-1.csv",
        ])
        #expect(warned.status != 2, "compared, not refused")
        #expect(warned.error.contains("xstream: warning: the baseline differs, compared anyway: task"))
        #expect(warned.json["baseline"]?["mismatches"] != nil)
        let absent = folder.appendingPathComponent("none.json").path
        let refused = try xstream(["eval", "--baseline", absent, "--max-increase", "mae=1"] + binaryFixture)
        #expect(refused.status == 2)
        #expect(refused.error.contains("--baseline-missing ok"))
        let firstNight = try xstream(
            ["eval", "--json", "--baseline", absent, "--baseline-missing", "ok", "--max-increase", "mae=1"]
                + binaryFixture)
        #expect(firstNight.status == 0)
        #expect(firstNight.json["baseline"]?["missing"] == .bool(true))
        let missingMetric = try xstream(["eval", "--baseline", baseline, "--max-increase", "rmse=1"] + binaryFixture)
        #expect(missingMetric.status == 2)
    }

    @Test func outputFileIsCompleteJSON() throws {
        let path = folder.appendingPathComponent("report.json").path
        let outcome = try xstream([
            "eval", "--json", "-o", path, "--task", "multiclass", "multiclass/part-0.csv.zst",
            "multiclass/part-1.csv.lz4",
        ])
        #expect(outcome.status == 0)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == outcome.output)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func nonFiniteValuesStillGiveValidJSON() throws {
        let path = folder.appendingPathComponent("zero.csv")
        try "label,pred\n1,0\n".write(to: path, atomically: true, encoding: .utf8)
        let outcome = try xstream(["eval", "--json", "--eps", "0", path.path])
        #expect(outcome.status == 0)
        #expect(outcome.json["metrics"]?["cross_entropy"] == .string("Infinity"))
    }

    @Test func progressAppearsOnATerminalOnly() throws {
        let command = "\(Self.binary) eval --pred pred binary/part-0.csv"
        let terminal = try xstream(["-q", "-e", "-c", command, "/dev/null"], command: "script")
        #expect(terminal.status == 0)
        #expect(terminal.output.contains("\u{1B}[2K"), "the progress line is drawn and cleared")
        #expect(terminal.output.contains("M rows"))
        let forced = try xstream(["eval", "--progress", "--pred", "pred", "binary/part-0.csv"])
        #expect(forced.error.hasPrefix("xstream: progress: "), "plain lines where stderr is not a terminal")
        #expect(forced.error.contains("M rows"))
        #expect(!forced.error.contains("\u{1B}"))
        let off = try xstream(["-q", "-e", "-c", command + " --no-progress", "/dev/null"], command: "script")
        #expect(!off.output.contains("\u{1B}[2K"))
    }

    @Test func slicesFromParquetArrowAndCSVAgreeAndNullKeysAreInvalidRows() throws {
        var reports: [JSONValue] = []
        for path in ["parquet/slices-dict.parquet", "arrow/slices-pandas.feather", "slices/slices.csv"] {
            let outcome = try xstream(["eval", "--json", "--pred", "pred", "--slice-by", "region,tier", path])
            #expect(outcome.status == 0, "\(path): \(outcome.error)")
            reports.append(outcome.json["slices"] ?? .null)
        }
        #expect(reports[0].items.count == 24)
        #expect(reports[1] == reports[0])
        #expect(reports[2] == reports[0])
        let strict = try xstream(["eval", "--pred", "pred", "--slice-by", "region", "parquet/slices-nulls.parquet"])
        #expect(strict.status == 2)
        #expect(
            strict.error.contains("parquet/slices-nulls.parquet: record 3: column \"region\": null"), "\(strict.error)")
        let skipped = try xstream([
            "eval", "--json", "--skip-invalid", "--pred", "pred", "--slice-by", "tier,region",
            "arrow/slices-nulls.arrows",
        ])
        #expect(skipped.status == 0, "\(skipped.error)")
        #expect(skipped.json["invalid_rows"]?.doubleValue == 3)
        #expect(skipped.json["slices"]?.items.count == 6)
    }

    @Test func helpTeachesEveryOption() throws {
        let help = try xstream(["eval", "--help"])
        #expect(help.status == 0)
        for fragment in [
            "--task", "--label", "--pred", "--eps", "--sum-tolerance", "--skip-invalid", "--max-invalid",
            "--json", "--output", "--progress", "--fail-if", "--baseline", "--max-increase", "--max-decrease",
            "--threads", "--chunk-size", "--max-line-length", "--max-window-log", "--delimiter",
            "default: binary", "default: 2.220446049250313e-16", "--task multiclass", "--task soft",
            "--task regression", "Exit status",
        ] {
            #expect(help.output.contains(fragment), "\(fragment)")
        }
        let version = try xstream(["--version"])
        #expect(version.status == 0)
    }
}
