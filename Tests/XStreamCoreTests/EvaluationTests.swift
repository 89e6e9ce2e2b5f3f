import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// End-to-end evaluations through the library, compared bit for bit with the independent oracle.
@Suite struct EvaluationTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// One shipped fixture set: its inputs, options and the oracle's expected report.
    struct FixtureSet: CustomStringConvertible, Sendable {
        var name: String
        var description: String { name }

        var expected: JSONValue {
            let url = TestSupport.fixtures.appendingPathComponent("expected/\(name).json")
            return try! JSONValue.parse(String(contentsOf: url, encoding: .utf8))
        }

        var inputs: [String] {
            expected["inputs"]!.items.map { TestSupport.fixtures.appendingPathComponent($0.stringValue!).path }
        }

        func options(threads: Int, chunkSize: Int) -> EvaluationOptions {
            let options = expected["options"]!
            let split = { (key: String) in options[key]?.stringValue.map { $0.split(separator: ",").map(String.init) } }
            return EvaluationOptions(
                settings: EvaluationSettings(task: PredictionTask(rawValue: options["task"]?.stringValue ?? "binary")!),
                columns: ColumnSelection(labels: split("label"), predictions: split("pred")), threads: threads,
                chunkSize: chunkSize)
        }
    }

    static let fixtureSets = [
        "binary", "multiclass", "soft", "regression", "tie", "npy-binary", "npy-multiclass", "parquet-binary",
        "parquet-multiclass", "parquet-regression", "arrow-binary",
    ]
    .map(FixtureSet.init)

    /// The sets that may be recompressed or streamed whole: Parquet needs a file it can seek in.
    static let streamableFixtureSets = fixtureSets.filter { !$0.name.hasPrefix("parquet") }

    private func expectMatches(_ result: EvaluationResult, _ expected: JSONValue, _ context: String) {
        #expect(result.rows == expected["rows"]?.doubleValue.map(Int.init), "\(context)")
        let metrics = expected["metrics"]!
        #expect(result.metrics.map(\.name.rawValue) == metrics.keys, "\(context)")
        for metric in result.metrics {
            let want = metrics[metric.name.rawValue]?.doubleValue ?? .nan
            #expect(metric.value.bitPattern == want.bitPattern, "\(context) \(metric.name): \(metric.value) vs \(want)")
        }
    }

    @Test(arguments: fixtureSets, [1, 2, 3, 5, 8])
    func fixturesMatchTheOracleAtEveryThreadCount(set: FixtureSet, threads: Int) throws {
        let result = try Evaluation(paths: set.inputs, options: set.options(threads: threads, chunkSize: 1 << 20)).run()
        expectMatches(result, set.expected, "\(set.name) threads \(threads)")
    }

    @Test(arguments: fixtureSets, [1, 7, 64, 4096, 16 << 20])
    func fixturesMatchTheOracleAtEveryChunkSize(set: FixtureSet, chunkSize: Int) throws {
        let result = try Evaluation(paths: set.inputs, options: set.options(threads: 3, chunkSize: chunkSize)).run()
        expectMatches(result, set.expected, "\(set.name) chunk \(chunkSize)")
    }

    @Test(arguments: fixtureSets)
    func inputOrderDoesNotChangeABit(set: FixtureSet) throws {
        var generator = TestSupport.SeededGenerator(seed: 4)
        for _ in 0..<3 {
            let paths = set.inputs.shuffled(using: &generator)
            let result = try Evaluation(paths: paths, options: set.options(threads: 2, chunkSize: 100)).run()
            expectMatches(result, set.expected, "\(set.name) order \(paths)")
        }
    }

    // MARK: Random data against the live oracle

    /// Writes random rows for `task` with every spelling the parser must accept, and returns its options.
    /// - Parameters:
    ///   - softLabelOneIn: For binary, one row in this many has a soft label.
    ///   - badRowOneIn: With `badRows`, one row in this many is invalid.
    private func writeRandomShards(
        task: PredictionTask, rows: Int, shards: Int, seed: UInt64, badRows: Bool = false, softLabelOneIn: Int = 5,
        badRowOneIn: Int = 9
    ) throws -> (paths: [String], oracleArguments: [String], options: EvaluationOptions) {
        var generator = TestSupport.SeededGenerator(seed: seed)
        func spell(_ value: Double) -> String {
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: return " \(value) "
            case 1: return "\"\(value)\""
            case 2: return String(format: "%.3e", value)
            case 3: return String(format: "%.17g", value)
            case 4: return String(format: "%.6f", value)
            default: return "\(value)"
            }
        }
        func probabilities(_ k: Int) -> [Double] {
            let weights = (0..<k).map { _ in Double.random(in: 0.001...1, using: &generator) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
        let k = 4
        let header: [String]
        let oracleArguments: [String]
        let columns: ColumnSelection
        switch task {
        case .binary:
            header = ["id", "label", "pred"]
            oracleArguments = ["--pred", "pred"]
            columns = ColumnSelection(predictions: ["pred"])
        case .multiclass:
            header = ["label", "p0", "p1", "p2", "p3"]
            oracleArguments = ["--task", "multiclass"]
            columns = ColumnSelection()
        case .soft:
            header = ["t0", "t1", "t2", "t3", "q0", "q1", "q2", "q3"]
            oracleArguments = ["--task", "soft", "--label", "t0,t1,t2,t3", "--pred", "q0,q1,q2,q3"]
            columns = ColumnSelection(labels: ["t0", "t1", "t2", "t3"], predictions: ["q0", "q1", "q2", "q3"])
        case .regression:
            header = ["y", "note", "yhat"]
            oracleArguments = ["--task", "regression", "--label", "y", "--pred", "yhat"]
            columns = ColumnSelection(labels: ["y"], predictions: ["yhat"])
        }
        var paths: [String] = []
        for shard in 0..<shards {
            var lines = [header.joined(separator: ",")]
            for row in 0..<rows {
                var fields: [String]
                switch task {
                case .binary:
                    let y =
                        Int.random(in: 0..<softLabelOneIn, using: &generator) == 0
                        ? Double.random(in: 0...1, using: &generator)
                        : Double(Int.random(in: 0...1, using: &generator))
                    let p = [0.0, 1.0, 1e-300, Double.random(in: 0...1, using: &generator)][
                        Int.random(in: 0..<4, using: &generator) == 0 ? Int.random(in: 0..<3, using: &generator) : 3]
                    fields = ["\(row)", spell(y), spell(p)]
                case .multiclass:
                    fields = ["\(Int.random(in: 0..<k, using: &generator))"] + probabilities(k).map { String($0) }
                case .soft:
                    fields = (probabilities(k) + probabilities(k)).map { String($0) }
                case .regression:
                    let y = Double.random(in: -1e6...1e6, using: &generator)
                    fields = [spell(y), "\"free, text\"", spell(y + Double.random(in: -10...10, using: &generator))]
                }
                if badRows, Int.random(in: 0..<badRowOneIn, using: &generator) == 0 {
                    let slot = fields.count - 1
                    switch Int.random(in: 0..<6, using: &generator) {
                    case 0: fields[slot] = "abc"
                    case 1: fields[slot] = "nan"
                    case 2: fields.removeLast()
                    case 3: fields.append("9")
                    case 4: fields[slot] = task == .regression ? "1e999" : "1.5"
                    default: fields[0] = task == .multiclass ? "7" : "-Infinity"
                    }
                }
                lines.append(fields.joined(separator: ","))
            }
            let body = lines.joined(separator: shard % 2 == 0 ? "\n" : "\r\n") + (shard == 1 ? "" : "\n")
            let url = folder.appendingPathComponent("\(task)-\(shard).csv")
            try body.write(to: url, atomically: true, encoding: .utf8)
            if shard % 3 == 1 {
                try TestSupport.run(["zstd", "-q", "--rm", url.path])
                paths.append(url.path + ".zst")
            } else if shard % 3 == 2 {
                try TestSupport.run(["lz4", "-q", "--rm", url.path, url.path + ".lz4"])
                paths.append(url.path + ".lz4")
            } else {
                paths.append(url.path)
            }
        }
        return (paths, oracleArguments, EvaluationOptions(settings: EvaluationSettings(task: task), columns: columns))
    }

    @Test(arguments: PredictionTask.allCases)
    func randomDataMatchesTheOracle(task: PredictionTask) throws {
        let (paths, arguments, options) = try writeRandomShards(task: task, rows: 700, shards: 4, seed: 31)
        let expected = try TestSupport.oracle(arguments + paths, in: folder)
        for (threads, chunkSize) in [(1, 1 << 20), (2, 9), (4, 1000), (8, 1)] {
            var options = options
            options.threads = threads
            options.chunkSize = chunkSize
            let result = try Evaluation(paths: paths, options: options).run()
            expectMatches(result, expected, "\(task) threads \(threads) chunk \(chunkSize)")
        }
    }

    @Test(arguments: PredictionTask.allCases)
    func skippedRowsAreCountedExactlyByReason(task: PredictionTask) throws {
        let (paths, arguments, options) = try writeRandomShards(
            task: task, rows: 400, shards: 3, seed: 77, badRows: true)
        let expected = try TestSupport.oracle(arguments + ["--skip-invalid"] + paths, in: folder)
        for threads in [1, 3, 8] {
            var options = options
            options.threads = threads
            options.chunkSize = 257
            options.skipInvalid = true
            let result = try Evaluation(paths: paths, options: options).run()
            expectMatches(result, expected, "\(task) threads \(threads)")
            #expect(Double(result.invalidRows) == expected["invalid_rows"]?.doubleValue)
            #expect(result.invalidRows > 0)
            for summary in result.invalidBreakdown {
                #expect(
                    Double(summary.count) == expected["invalid"]?[summary.reason.rawValue]?.doubleValue,
                    "\(summary.reason)")
                #expect(summary.examples.count == min(summary.count, 5))
            }
            #expect(result.invalidBreakdown.map(\.reason.rawValue).sorted() == expected["invalid"]!.keys.sorted())
        }
    }

    @Test(arguments: PredictionTask.allCases)
    func strictModeReportsTheFirstBadRowInInputOrder(task: PredictionTask) throws {
        let (paths, arguments, options) = try writeRandomShards(
            task: task, rows: 400, shards: 3, seed: 5, badRows: true)
        let expected = try TestSupport.oracle(arguments + paths, in: folder)["error"]!
        let file = expected["file"]!.stringValue!
        let line = Int(expected["line"]!.doubleValue!)
        var messages: Set<String> = []
        for (threads, chunkSize) in [(1, 1 << 20), (2, 50), (4, 1), (8, 4096)] {
            var options = options
            options.threads = threads
            options.chunkSize = chunkSize
            do {
                _ = try Evaluation(paths: paths, options: options).run()
                Issue.record("strict mode accepted invalid rows")
            } catch let error as XStreamError {
                #expect(error.code == .invalidRow)
                #expect(error.message.hasPrefix("\(file):\(line): "), "\(error.message)")
                messages.insert(error.message)
            }
        }
        #expect(messages.count == 1)
    }

    /// Binary rows are evaluated a block at a time while every label is hard and every value valid, and row by
    /// row from the first block that is not: rare soft labels and invalid rows at any place must give the
    /// oracle's sums, counts and first error whatever the chunk size.
    @Test(arguments: [false, true])
    func rareSoftLabelsAndBadRowsAmongHardOnesMatchTheOracle(skipInvalid: Bool) throws {
        let (paths, arguments, options) = try writeRandomShards(
            task: .binary, rows: 3000, shards: 3, seed: 404, badRows: true, softLabelOneIn: 700, badRowOneIn: 900)
        let expected = try TestSupport.oracle(arguments + (skipInvalid ? ["--skip-invalid"] : []) + paths, in: folder)
        for (threads, chunkSize) in [(1, 1 << 20), (2, 777), (3, 64 << 10)] {
            var options = options
            options.threads = threads
            options.chunkSize = chunkSize
            options.skipInvalid = skipInvalid
            let context = "threads \(threads) chunk \(chunkSize)"
            if skipInvalid {
                let result = try Evaluation(paths: paths, options: options).run()
                expectMatches(result, expected, context)
                #expect(Double(result.invalidRows) == expected["invalid_rows"]?.doubleValue, "\(context)")
                #expect(result.invalidRows > 0)
            } else {
                let error = expected["error"]!
                let location = "\(error["file"]!.stringValue!):\(Int(error["line"]!.doubleValue!)): "
                TestSupport.expectFailure(.invalidRow, containing: [location]) {
                    _ = try Evaluation(paths: paths, options: options).run()
                }
            }
        }
    }
}
