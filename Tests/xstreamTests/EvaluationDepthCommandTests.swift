import Foundation
import Testing
import XStreamCore

/// `--weight`, `--slice-by` and `--pred-format logit` through the real binary: a real model's logits with
/// balanced-class weights and two slice columns (`Fixtures/logit`, expected values from `oracle.py`) bit for
/// bit at several thread counts and chunk sizes, through partials, and every error and gate a user meets.
@Suite struct EvaluationDepthCommandTests {
    private let folder: URL

    init() throws { folder = try XStreamBinary.temporaryFolder() }

    private static let binaryOptions = [
        "--pred", "logit", "--pred-format", "logit", "--weight", "weight", "--slice-by", "size,parity",
    ]
    private static let binaryFiles = ["logit/binary-0.csv", "logit/binary-1.csv.zst"]
    private static let multiclassOptions = [
        "--task", "multiclass", "--pred", "setosa,versicolor,virginica", "--pred-format", "logit", "--weight",
        "weight", "--slice-by", "petal",
    ]

    private func expected(_ name: String) throws -> JSONValue { try XStreamBinary.expected(name) }

    private func report(_ arguments: [String], in folder: URL? = nil) throws -> JSONValue {
        try XStreamBinary.report(arguments, in: folder)
    }

    /// The metrics, `weight_sum` and every slice of `got` equal the oracle's, bit for bit.
    private func expectMatches(_ got: JSONValue, _ want: JSONValue, _ context: String) {
        func bits(_ value: JSONValue?) -> UInt64? { value?.doubleValue?.bitPattern }
        #expect(got["rows"] == want["rows"], "\(context) rows")
        #expect(bits(got["weight_sum"]) != nil && bits(got["weight_sum"]) == bits(want["weight_sum"]), "\(context)")
        guard case .object(let metrics) = want["metrics"] ?? .null, !metrics.isEmpty,
            case .array(let gotSlices) = got["slices"] ?? .null, case .array(let wantSlices) = want["slices"] ?? .null
        else {
            Issue.record("\(context): no metrics or slices")
            return
        }
        for (name, value) in metrics {
            #expect(bits(got["metrics"]?[name]) == value.doubleValue?.bitPattern, "\(context) \(name)")
        }
        #expect(gotSlices.count == wantSlices.count, "\(context) slice count")
        for (mine, theirs) in zip(gotSlices, wantSlices) {
            #expect(mine["key"] == theirs["key"] && mine["rows"] == theirs["rows"], "\(context) slice key")
            #expect(bits(mine["weight_sum"]) == bits(theirs["weight_sum"]), "\(context) \(theirs["key"] ?? .null)")
            for (name, _) in metrics {
                #expect(
                    bits(mine["metrics"]?[name]) == bits(theirs["metrics"]?[name]),
                    "\(context) \(theirs["key"] ?? .null) \(name)")
            }
        }
    }

    @Test(arguments: [["--threads", "1"], ["--threads", "2", "--chunk-size", "64"], ["--threads", "3"]])
    func binaryLogitsWeightsAndSlicesMatchTheOracle(performance: [String]) throws {
        let got = try report(["eval", "--json"] + Self.binaryOptions + performance + Self.binaryFiles)
        expectMatches(got, try expected("logit-binary"), "\(performance)")
        #expect(got["pred_format"] == .string("logit"))
        #expect(got["weight_column"] == .string("weight"))
        #expect(got["slice_columns"] == .array([.string("size"), .string("parity")]))
    }

    @Test(arguments: [["--threads", "1"], ["--threads", "2", "--chunk-size", "100"]])
    func multiclassLogitsWeightsAndSlicesMatchTheOracle(performance: [String]) throws {
        let got = try report(["eval", "--json"] + Self.multiclassOptions + performance + ["logit/multiclass.csv"])
        expectMatches(got, try expected("logit-multiclass"), "\(performance)")
    }

    @Test func partialsInReverseOrderMergeToTheSameBits() throws {
        var partials: [String] = []
        for (index, file) in Self.binaryFiles.reversed().enumerated() {
            let path = folder.appendingPathComponent("part-\(index).xsp").path
            let outcome = try XStreamBinary.run(["eval", "--partial-out", path] + Self.binaryOptions + [file])
            #expect(outcome.status == 0, "\(outcome.error)")
            partials.append(path)
        }
        expectMatches(
            try report(["merge", "--json"] + partials), try expected("logit-binary"), "merged")
        let limited = try XStreamBinary.run(["merge", "--max-slices", "5"] + partials)
        #expect(limited.status == 2)
        #expect(limited.error.contains("more than 5 distinct slice keys"), "\(limited.error)")
        #expect(limited.error.contains("--max-slices"), "the remedy names the option: \(limited.error)")
    }

    @Test func tableNamesTheSettingsAndShowsTheSlicesSorted() throws {
        let outcome = try XStreamBinary.run(["eval"] + Self.binaryOptions + Self.binaryFiles)
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("predictions: logit (logits) · weights: weight"), "\(outcome.output)")
        let keys = ["large", "medium", "small"].map { outcome.output.range(of: $0)?.lowerBound }
        #expect(keys.allSatisfy { $0 != nil } && keys == keys.sorted { $0! < $1! }, "\(outcome.output)")
    }

    @Test func tooManySlicesIsAnErrorNamingTheLimit() throws {
        let outcome = try XStreamBinary.run(["eval", "--max-slices", "5"] + Self.binaryOptions + Self.binaryFiles)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("more than 5 distinct slice keys"), "\(outcome.error)")
        #expect(outcome.output.isEmpty, "no report for slices that were dropped")
    }

    @Test func sliceGatesFailNamingTheSlices() throws {
        // The oracle's slice gate on the same data decides which slices fail.
        let want = try expected("logit-binary")
        guard case .array(let slices) = want["slices"] ?? .null else { return }
        let worst = slices.compactMap { $0["metrics"]?["cross_entropy"]?.doubleValue }.max() ?? 0
        let gate = "cross_entropy >= \(worst)"
        let failing = try XStreamBinary.run(
            ["eval", "--json", "--fail-if-slice", gate] + Self.binaryOptions + Self.binaryFiles)
        #expect(failing.status == 1, "\(failing.error)")
        let json = (try? JSONValue.parse(failing.output)) ?? .null
        guard case .array(let gates) = json["slice_gates"] ?? .null,
            case .array(let failed) = gates.first?["failed_slices"] ?? .null
        else {
            Issue.record("no failed slices: \(failing.output)")
            return
        }
        #expect(failed.count == 1)
        #expect(json["passed"] == .bool(false))
        let rows = slices.first { $0["metrics"]?["cross_entropy"]?.doubleValue == worst }?["rows"]?.doubleValue ?? 0
        let ignored = try XStreamBinary.run(
            ["eval", "--fail-if-slice", gate, "--min-slice-rows", "\(Int(rows) + 1)"] + Self.binaryOptions
                + Self.binaryFiles)
        #expect(ignored.status == 0, "slices smaller than --min-slice-rows are not gated: \(ignored.output)")
    }

    @Test(arguments: ["-1", "nan", "inf", "heavy"])
    func anInvalidWeightNamesTheLineAndTheWeight(weight: String) throws {
        let path = folder.appendingPathComponent("weights.csv").path
        try "label,pred,w\n1,0.9,2\n0,0.2,\(weight)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let strict = try XStreamBinary.run(["eval", "--pred", "pred", "--weight", "w", path])
        #expect(strict.status == 2)
        #expect(strict.error.hasPrefix("xstream: error: \(path):3: "), "\(strict.error)")
        #expect(strict.error.contains("weight"), "\(strict.error)")
        let skipping = try report(["eval", "--json", "--pred", "pred", "--weight", "w", "--skip-invalid", path])
        #expect(skipping["rows"] == .int(1) && skipping["invalid_rows"] == .int(1))
        #expect(skipping["weight_sum"]?.doubleValue == 2)
    }

    @Test func aTotalWeightOfZeroIsAnError() throws {
        let path = folder.appendingPathComponent("zero.csv").path
        try "label,pred,w\n1,0.9,0\n0,0.2,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try XStreamBinary.run(["eval", "--pred", "pred", "--weight", "w", path])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("weight"), "\(outcome.error)")
        #expect(outcome.output.isEmpty)
    }

    @Test(arguments: [
        (["--weight", "w"], "weight column: none in the baseline, w in this run"),
        (["--pred-format", "logit"], "pred format: probability in the baseline, logit in this run"),
    ])
    func aBaselineMadeWithoutTheSettingIsRefused(setting: [String], difference: String) throws {
        // Values in [0, 1] read as probabilities and as logits alike.
        let file = folder.appendingPathComponent("scores.csv").path
        try "label,pred,w\n1,0.9,2\n0,0.2,1\n1,0.4,1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let base = folder.appendingPathComponent("base.json").path
        let first = try XStreamBinary.run(["eval", "--json", "-o", base, "--pred", "pred", file])
        #expect(first.status == 0, "\(first.error)")
        let gate = ["--pred", "pred", "--baseline", base, "--max-increase", "mae=1000%"] + setting
        let outcome = try XStreamBinary.run(["eval"] + gate + [file])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains(difference), "\(outcome.error)")
        let anyway = try XStreamBinary.run(["eval", "--json", "--baseline-mismatch", "warn"] + gate + [file])
        #expect(anyway.status == 0, "\(anyway.error)")
        let json = (try? JSONValue.parse(anyway.output)) ?? .null
        #expect(json["baseline"]?["mismatches"] == .array([.string(difference)]), "\(anyway.output)")
    }
}
