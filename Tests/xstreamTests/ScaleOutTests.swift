import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

/// `--partial-out`, `xstream merge`, `--shard-index` / `--num-shards` and `--input-name` through the real
/// binary, as a job array or a Dask worker runs them.
@Suite struct ScaleOutTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    struct Outcome {
        var status: Int32
        var output: Data
        var error: String
        var text: String { String(decoding: output, as: UTF8.self) }
        var json: JSONValue { (try? JSONValue.parse(text)) ?? .null }
    }

    @discardableResult
    private func xstream(_ arguments: [String], input: Data? = nil) throws -> Outcome {
        let outcome = try ChildProcess.run(
            CommandLineTests.binary, arguments, input: input, in: CommandLineTests.fixtures)
        return Outcome(status: outcome.status, output: outcome.output, error: outcome.error)
    }

    private let binaryInputs = ["binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"]

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The members of a JSON report that do not depend on timing, threads or memory.
    private func stable(_ report: JSONValue) -> [String] {
        [
            "task", "eps", "sum_tolerance", "rows", "invalid_rows", "metrics", "invalid_breakdown", "inputs", "gates",
            "baseline", "passed",
        ]
        .map { "\($0): " + (report[$0]?.serialized(pretty: false) ?? "-") }
    }

    @Test func partialsOfGroupsMergedEqualOneEval() throws {
        let single = try xstream(["eval", "--json", "--pred", "pred"] + binaryInputs)
        #expect(single.status == 0)
        let first = try xstream(["eval", "--pred", "pred", "--partial-out", "-", binaryInputs[0]])
        #expect(first.status == 0)
        #expect(first.text.hasPrefix("{\"format\":\"xstream-partial\",\"format_version\":1,"), "only the partial")
        try first.output.write(to: URL(fileURLWithPath: path("a.xsp")))
        let second = try xstream(["eval", "--pred", "pred", "--partial-out", path("b.xsp")] + binaryInputs[1...])
        #expect(second.status == 0)
        #expect(second.text.contains("cross_entropy"), "a report beside a partial file")
        let merged = try xstream(["merge", "--json", path("a.xsp"), path("b.xsp")])
        #expect(merged.status == 0, "\(merged.error)")
        #expect(stable(merged.json) == stable(single.json))
        // A tree: merge two into a partial, then with a third (read from stdin).
        let left = try xstream(["merge", "--partial-out", path("ab.xsp"), path("a.xsp"), path("b.xsp")])
        #expect(left.status == 0)
        let empty = try xstream(
            ["eval", "--pred", "pred", "--partial-out", "-", "--shard-index", "4", "--num-shards", "5"] + binaryInputs)
        #expect(empty.status == 0, "an empty shard is a valid partial: \(empty.error)")
        let tree = try xstream(["merge", "--json", "-o", path("r.json"), path("ab.xsp"), "-"], input: empty.output)
        #expect(tree.status == 0, "\(tree.error)")
        #expect(stable(tree.json) == stable(single.json))
        #expect(try String(contentsOfFile: path("r.json"), encoding: .utf8) == tree.text)
    }

    @Test(arguments: [1, 2, 3, 5])
    func shardIndexRunsMergedEqualOneRun(shards: Int) throws {
        let inputs = ["npy/binary-0.npy", "npy/binary-1.npy.zst", "npy/binary-aligned.npy.lz4"]
        let paths = try (0..<shards).map { index in
            let file = path("shard-\(index).xsp")
            let shard = ["--shard-index", String(index), "--num-shards", String(shards)]
            let run = try xstream(["eval", "--pred", "pred"] + shard + ["--partial-out", file] + inputs)
            #expect(run.status == 0, "\(run.error)")
            return file
        }
        let merged = try xstream(["merge", "--json"] + paths)
        #expect(merged.status == 0, "\(merged.error)")
        // Merged in shard order, the inputs come as j mod N orders them: the same list, regrouped.
        let order = (0..<shards).flatMap { index in inputs.indices.filter { $0 % shards == index }.map { inputs[$0] } }
        let single = try xstream(["eval", "--json", "--pred", "pred"] + order)
        #expect(stable(merged.json) == stable(single.json))
        let expected = try JSONValue.parse(
            String(
                contentsOf: CommandLineTests.fixtures.appendingPathComponent("expected/npy-binary.json"),
                encoding: .utf8))
        for (name, value) in expected["metrics"]?.members ?? [] {
            #expect(merged.json["metrics"]?[name]?.doubleValue?.bitPattern == value.doubleValue?.bitPattern, "\(name)")
        }
    }

    @Test func inputNameNamesStandardInputAndCatchesARepeat() throws {
        let bytes = try Data(contentsOf: CommandLineTests.fixtures.appendingPathComponent("binary/part-1.csv.zst"))
        let url = "s3://bucket/shards/part-1.csv.zst"
        let first = try xstream(
            ["eval", "--pred", "pred", "--input-name", url, "--partial-out", "-", "-"], input: bytes)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.text.contains("\"path\":\"\(url)\""))
        try first.output.write(to: URL(fileURLWithPath: path("one.xsp")))
        let report = try xstream(["eval", "--json", "--pred", "pred", "--input-name", url, "-"], input: bytes)
        #expect(report.json["inputs"]?.items.first?["path"]?.stringValue == url)
        // The same bytes streamed again under another name: the merge refuses to count them twice.
        let again = try xstream(
            [
                "eval", "--pred", "pred", "--input-name", "s3://bucket/elsewhere.zst", "--partial-out", path("two.xsp"),
                "-",
            ],
            input: bytes)
        #expect(again.status == 0)
        let merged = try xstream(["merge", path("one.xsp"), path("two.xsp")])
        #expect(merged.status == 2)
        #expect(merged.error.contains("counted twice") && merged.error.contains(url), "\(merged.error)")
        #expect(merged.output.isEmpty)
        let two = try xstream(["eval", "--pred", "pred", "--input-name", url, binaryInputs[0], binaryInputs[1]])
        #expect(two.status == 2)
        #expect(two.error.contains("--input-name"))
    }

    /// The one input given may be named too: a Parquet object downloaded to a temporary file keeps its URL.
    @Test func inputNameNamesTheOnlyInput() throws {
        let url = "s3://bucket/nightly/binary.parquet"
        let file = CommandLineTests.fixtures.appendingPathComponent("parquet/binary-zstd-groups.parquet").path
        let named = try xstream(["eval", "--json", "--input-name", url, file])
        #expect(named.status == 0, "\(named.error)")
        #expect(named.json["inputs"]?.items.first?["path"]?.stringValue == url)
        let plain = try xstream(["eval", "--json", file])
        #expect(named.json["metrics"] == plain.json["metrics"])
        let folder = CommandLineTests.fixtures.appendingPathComponent("binary").path
        let many = try xstream(["eval", "--pred", "pred", "--input-name", url, folder])
        #expect(many.status == 2)
        #expect(many.error.contains("names one input"), "\(many.error)")
    }

    @Test func mismatchedDamagedAndForeignPartialsExitTwo() throws {
        #expect(try xstream(["eval", "--pred", "pred", "--partial-out", path("a.xsp"), binaryInputs[0]]).status == 0)
        #expect(
            try xstream(["eval", "--pred", "pred", "--eps", "1e-7", "--partial-out", path("b.xsp"), binaryInputs[1]])
                .status == 0)
        let mismatch = try xstream(["merge", path("a.xsp"), path("b.xsp")])
        #expect(mismatch.status == 2)
        #expect(mismatch.error.contains("differs from") && mismatch.error.contains("eps"), "\(mismatch.error)")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path("a.xsp")))
        bytes[bytes.count / 2] ^= 0x04
        try bytes.write(to: URL(fileURLWithPath: path("damaged.xsp")))
        let damaged = try xstream(["merge", path("damaged.xsp")])
        #expect(damaged.status == 2)
        #expect(damaged.error.contains("damaged") && damaged.error.contains("checksum"), "\(damaged.error)")
        let report = try xstream([
            "merge", CommandLineTests.fixtures.appendingPathComponent("expected/binary.json").path,
        ])
        #expect(report.status == 2)
        #expect(report.error.contains("not an xstream partial"), "\(report.error)")
    }

    @Test func gatesAndTheInvalidRowLimitApplyAtTheMerge() throws {
        let rows = "label,pred\n1,0.9\n0,abc\n0,0.2\n"
        let run = try xstream(["eval", "--skip-invalid", "--partial-out", path("p.xsp"), "-"], input: Data(rows.utf8))
        #expect(run.status == 0, "\(run.error)")
        #expect(try xstream(["merge", "--fail-if", "cross_entropy > 0.01", path("p.xsp")]).status == 1)
        #expect(try xstream(["merge", "--fail-if", "rows < 2", path("p.xsp")]).status == 0)
        let limit = try xstream(["merge", "--max-invalid", "0", path("p.xsp")])
        #expect(limit.status == 2)
        #expect(limit.error.contains("--max-invalid"), "\(limit.error)")
        let unknown = try xstream(["merge", "--fail-if", "rmse > 1", path("p.xsp")])
        #expect(unknown.status == 2, "a metric the task does not report is a usage error")
        let json = try xstream(["merge", "--json", path("p.xsp")])
        #expect(json.json["invalid_rows"]?.doubleValue == 1)
        #expect(
            json.json["invalid_breakdown"]?.items.first?["examples"]?.items.first?["message"]?.stringValue
                == "-:3: column \"pred\": \"abc\" is not a number")
        let baseline = path("base.json")
        try json.output.write(to: URL(fileURLWithPath: baseline))
        #expect(try xstream(["merge", "--baseline", baseline, "--max-increase", "mae=0", path("p.xsp")]).status == 0)
        // Not with --partial-out: they would not be applied.
        let refused = try xstream(["eval", "--fail-if", "mae > 1", "--partial-out", "-", binaryInputs[0]])
        #expect(refused.status == 2)
        #expect(refused.error.contains("xstream merge"))
        let noRows = try xstream(["eval", "--partial-out", path("e.xsp"), "-"], input: Data("label,pred\n".utf8))
        #expect(noRows.status == 0, "no rows is not an error in a partial: \(noRows.error)")
        let merged = try xstream(["merge", path("e.xsp")])
        #expect(merged.status == 2)
        #expect(merged.error.contains("no rows"))
    }
}
