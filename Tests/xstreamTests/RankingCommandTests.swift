import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `--auc` through the real binary: `roc_auc` and `average_precision` bit for bit with the oracle's exact
/// fractions (and within a few ulps of scikit-learn's) on the model fixtures, heavy ties, all-equal scores and a
/// 200k-row sharded input, for any threads, chunk size, shard order, memory budget (spilling) and split into
/// partials; temporary files gone afterwards; every refusal with a real bad input.
@Suite struct RankingCommandTests {
    private let folder: URL

    init() throws { folder = try XStreamBinary.temporaryFolder() }

    /// The fixture cases: expected file name, inputs and options (as generate.py ran the oracle).
    private static let cases: [(name: String, files: [String], options: [String])] = [
        (
            "ranking-binary", ["binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"],
            ["--pred", "pred"]
        ),
        (
            "ranking-logit", ["logit/binary-0.csv", "logit/binary-1.csv.zst"],
            ["--pred", "logit", "--pred-format", "logit", "--slice-by", "size,parity"]
        ),
        ("ranking-ties", ["ranking/ties.csv"], ["--pred", "pred", "--slice-by", "region"]),
        ("ranking-equal", ["ranking/equal.csv"], ["--pred", "pred"]),
    ]

    private static let performance: [[String]] = [
        ["--threads", "1"], ["--threads", "2", "--chunk-size", "64"], ["--threads", "3", "--chunk-size", "1K"],
        ["--threads", "2", "--chunk-size", "100", "--auc-memory", "4K"],
    ]

    private func expected(_ name: String) throws -> JSONValue { try XStreamBinary.expected(name) }

    private func report(_ arguments: [String], in folder: URL? = nil) throws -> JSONValue {
        try XStreamBinary.report(arguments, in: folder)
    }

    private static func bits(_ value: JSONValue?) -> UInt64? { value?.doubleValue?.bitPattern }

    /// Every metric of `want` (the oracle's), and of each of its slices, has the same bits in `got`.
    private func expectMatches(_ got: JSONValue, _ want: JSONValue, _ context: String) {
        #expect(got["rows"] == want["rows"], "\(context) rows")
        guard case .object(let metrics) = want["metrics"] ?? .null, metrics.count == 5 else {
            Issue.record("\(context): the oracle has no ranking metrics")
            return
        }
        for (name, value) in metrics {
            #expect(Self.bits(got["metrics"]?[name]) == Self.bits(value), "\(context) \(name)")
        }
        let mine = got["slices"]?.items ?? []
        let theirs = want["slices"]?.items ?? []
        #expect(mine.count == theirs.count, "\(context) slices")
        for (slice, wanted) in zip(mine, theirs) {
            #expect(slice["key"] == wanted["key"], "\(context) slice key")
            for name in ["roc_auc", "average_precision"] {
                #expect(
                    Self.bits(slice["metrics"]?[name]) == Self.bits(wanted["metrics"]?[name]),
                    "\(context) \(wanted["key"] ?? .null) \(name)")
            }
        }
    }

    @Test(arguments: Self.performance)
    func fixturesMatchTheOracleBitForBit(performance: [String]) throws {
        for (name, files, options) in Self.cases {
            let got = try report(["eval", "--json", "--auc"] + options + performance + files)
            expectMatches(got, try expected(name), "\(name) \(performance)")
        }
    }

    @Test func fixturesAreWithinUlpsOfScikitLearn() throws {
        for (name, files, options) in Self.cases {
            let got = try report(["eval", "--json", "--auc"] + options + files)
            let sklearn = try expected(name)["sklearn"]
            for metric in ["roc_auc", "average_precision"] {
                let mine = got["metrics"]?[metric]?.doubleValue ?? .nan
                let theirs = sklearn?[metric]?.doubleValue ?? .infinity
                #expect(abs(mine - theirs) <= 8 * theirs.ulp, "\(name) \(metric): \(mine) vs \(theirs)")
            }
        }
    }

    @Test func knownValuesOfTiesAndEqualScores() throws {
        // Every score equal: each positive-negative pair is a tie, AUC 1/2; AP is the positives' share, 333/999.
        let equal = try report(["eval", "--json", "--auc", "ranking/equal.csv"])
        #expect(equal["metrics"]?["roc_auc"]?.doubleValue == 0.5)
        #expect(equal["metrics"]?["average_precision"]?.doubleValue == 333.0 / 999.0)
        // -0.0 and 0.0 are one score: as 0 everywhere, the same bits.
        let text = "label,pred\n1,-0.0\n0,0\n1,0.2\n0,0.0\n1,1\n0,-0.0\n"
        try text.write(to: folder.appendingPathComponent("zeros.csv"), atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: "-0.0", with: "0").write(
            to: folder.appendingPathComponent("plain.csv"), atomically: true, encoding: .utf8)
        let zeros = try report(["eval", "--json", "--auc", "zeros.csv"], in: folder)
        let plain = try report(["eval", "--json", "--auc", "plain.csv"], in: folder)
        // Positives at 0, 0.2, 1; negatives at 0 ×3: wins 2 + 2 + 3 (the tie at 0 counts 3 halves) of 9.
        #expect(zeros["metrics"]?["roc_auc"]?.doubleValue == 7.5 / 9)
        #expect(Self.bits(zeros["metrics"]?["roc_auc"]) == Self.bits(plain["metrics"]?["roc_auc"]))
        // Thresholds 1, 0.2, 0: (1·1)/(3·1) + (1·2)/(3·2) + (1·3)/(3·6) = 1/3 + 1/3 + 1/6.
        #expect(zeros["metrics"]?["average_precision"]?.doubleValue == 1.0 / 3 + 1.0 / 3 + 1.0 / 6)
    }

    /// 200k rows in four shards, scores with four decimals (many ties), 30% positives.
    private func writeLargeShards() throws -> [String] {
        var random = SplitMix64(seed: 15)
        var names: [String] = []
        for shard in 0..<4 {
            var text = "label,pred\n"
            for _ in 0..<50_000 {
                let positive = Double(random.next() >> 11) / 0x1p53 < 0.3
                let base = Double(random.next() >> 11) / 0x1p53
                let score = (positive ? base.squareRoot() : base * base) * 10_000
                text += "\(positive ? 1 : 0),\(String(format: "%.4f", score.rounded(.down) / 10_000))\n"
            }
            let name = "shard-\(shard).csv"
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            names.append(name)
        }
        return names
    }

    @Test func largeShardedInputIsTheSameAtAnyThreadsChunkSizeOrderBudgetAndSplit() throws {
        let shards = try writeLargeShards()
        let script = XStreamBinary.fixtures.appendingPathComponent("oracle.py").path
        let oracle = try ChildProcess.run("python3", [script, "--auc"] + shards, in: folder, timeLimit: 300)
        let want = try JSONValue.parse(String(decoding: oracle.output, as: UTF8.self))
        let temporary = folder.appendingPathComponent("spill")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let runs: [[String]] = [
            ["--threads", "1"], ["--threads", "2"], ["--threads", "4", "--chunk-size", "4K"],
            ["--threads", "2", "--chunk-size", "64K", "--auc-memory", "64K", "--temp-dir", temporary.path],
            ["--threads", "3", "--auc-memory", "4K", "--temp-dir", temporary.path],
        ]
        for performance in runs {
            for order in [shards, shards.reversed()] {
                let got = try report(["eval", "--json", "--auc"] + performance + order, in: folder)
                expectMatches(got, want, "\(performance) \(order)")
            }
        }
        #expect(try XStreamBinary.listing(temporary).isEmpty, "no spilled run is left behind")
        // One partial per shard, spilling as it goes, merged in another order.
        var partials: [String] = []
        for shard in shards.reversed() {
            let partial = "\(shard).xsp"
            let outcome = try XStreamBinary.run(
                ["eval", "--auc", "--auc-memory", "4K", "--temp-dir", temporary.path, "--partial-out", partial, shard],
                in: folder)
            #expect(outcome.status == 0, "\(outcome.error)")
            partials.append(partial)
        }
        expectMatches(try report(["merge", "--json"] + partials, in: folder), want, "merged partials")
        #expect(try XStreamBinary.listing(temporary).isEmpty, "no spilled run is left behind by partials")
    }

    @Test func gatesNameTheRankingMetrics() throws {
        let files = ["ranking/ties.csv"]
        let failing = try XStreamBinary.run(
            ["eval", "--auc", "--pred", "pred", "--fail-if", "roc_auc < 0.6"] + files)
        #expect(failing.status == 1, "\(failing.error)")
        let passing = try XStreamBinary.run(
            ["eval", "--auc", "--pred", "pred", "--fail-if", "average_precision < 0.4"] + files)
        #expect(passing.status == 0, "\(passing.error)")
        let slices = try XStreamBinary.run(
            ["eval", "--auc", "--pred", "pred", "--slice-by", "region", "--fail-if-slice", "roc_auc > 0.99"] + files)
        #expect(slices.status == 0, "\(slices.error)")
        let without = try XStreamBinary.run(["eval", "--pred", "pred", "--fail-if", "roc_auc < 0.6"] + files)
        #expect(without.status == 2)
        #expect(without.error.contains("pass --auc"), "\(without.error)")
    }

    @Test func refusalsSayWhy() throws {
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("soft.csv", "label,pred\n1,0.9\n0.3,0.4\n0,0.1\n")
        try write("positives.csv", "label,pred\n1,0.9\n1,0.4\n")
        try write("weighted.csv", "label,pred,w\n1,0.9,1\n0,0.4,2\n")
        let cases: [(arguments: [String], fragment: String)] = [
            (["soft.csv"], "soft.csv:3: column \"label\": 0.3 is not 0 or 1"),
            (["positives.csv"], "the ROC AUC needs both classes, but all 2 rows are labelled 1"),
            (["--weight", "w", "weighted.csv"], "--auc does not support --weight yet"),
            (["--task", "regression", "weighted.csv"], "--auc needs the binary task"),
            (["--temp-dir", "missing-folder", "soft.csv"], "--temp-dir missing-folder is not a folder"),
            (["--auc-memory", "100", "soft.csv"], "--auc-memory must be at least 4K"),
        ]
        for (arguments, fragment) in cases {
            let outcome = try XStreamBinary.run(["eval", "--auc"] + arguments, in: folder)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.error.contains(fragment), "\(arguments): \(outcome.error)")
        }
        // Skipped, a soft label is counted under its own reason and the rest is ranked.
        let skipped = try report(["eval", "--json", "--auc", "--skip-invalid", "soft.csv"], in: folder)
        #expect(skipped["invalid_breakdown"]?.items.first?["reason"] == .string("soft_label"))
        #expect(skipped["metrics"]?["roc_auc"]?.doubleValue == 1)
        // A slice of one class has NaN for what it lacks; the whole is fine.
        let sliced = try report(
            ["eval", "--json", "--auc", "--slice-by", "label", "soft.csv", "--skip-invalid"], in: folder)
        #expect(sliced["slices"]?.items.first?["metrics"]?["roc_auc"] == .string("NaN"))
        // A folder that cannot hold files: the spill fails with the system's reason, exit 2, nothing left.
        let unwritable = try XStreamBinary.run(
            ["eval", "--auc", "--auc-memory", "4K", "--chunk-size", "64", "--temp-dir", "/proc", "ranking/ties.csv"])
        #expect(unwritable.status == 2)
        #expect(unwritable.error.contains("cannot create"), "\(unwritable.error)")
    }

    @Test func partialsWithAndWithoutRankingDoNotMerge() throws {
        let ranked = folder.appendingPathComponent("ranked.xsp").path
        let plain = folder.appendingPathComponent("plain.xsp").path
        #expect(try XStreamBinary.run(["eval", "--auc", "--partial-out", ranked, "ranking/ties.csv"]).status == 0)
        #expect(try XStreamBinary.run(["eval", "--partial-out", plain, "ranking/equal.csv"]).status == 0)
        let outcome = try XStreamBinary.run(["merge", ranked, plain])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("differs from \(ranked) in auc: false, not true"), "\(outcome.error)")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptedRunsRemoveTheirSpilledRuns(signal: Int32, status: Int32) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = [
            "eval", "--auc", "--auc-memory", "4K", "--chunk-size", "64", "--threads", "1", "--temp-dir", folder.path,
            "-",
        ]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var rows = "label,pred\n"
        for index in 0..<5000 { rows += "\(index % 2),0.\(index)\n" }
        input.fileHandleForWriting.write(Data(rows.utf8))
        var spilled = false
        for _ in 0..<200 where !spilled {
            spilled = try XStreamBinary.listing(folder).contains { $0.hasPrefix(".xstream-ranking-") }
            if !spilled { usleep(100_000) }
        }
        #expect(spilled, "a run is spilled while standard input stays open")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == status)
        #expect(try XStreamBinary.listing(folder).isEmpty)
    }
}
