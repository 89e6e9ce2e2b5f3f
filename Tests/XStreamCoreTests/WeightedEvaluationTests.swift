import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Sample weights and logits: exact weighted sums against Python's `Fraction`, and whole evaluations against
/// the live oracle bit for bit, at several thread counts and chunk sizes.
@Suite struct WeightedEvaluationTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    // MARK: WeightedSum

    /// Python's `float(sum(Fraction(w) * Fraction(t)))` of the pairs, with zero weights left out.
    private func pythonWeightedSum(_ pairs: [(Double, Double)]) throws -> Double {
        let script = """
            import sys
            from fractions import Fraction
            total = Fraction(0)
            for line in sys.stdin:
                w, t = line.split()
                if float.fromhex(w) != 0:
                    total += Fraction(float.fromhex(w)) * Fraction(float.fromhex(t))
            print((float(total) + 0.0).hex())
            """
        let input = pairs.map { "\(TestSupport.pythonHex($0.0)) \(TestSupport.pythonHex($0.1))" }.joined(
            separator: "\n")
        let (status, output) = try TestSupport.run(["python3", "-c", script], input: Data((input + "\n").utf8))
        #expect(status == 0)
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Double(hexFloat: text.replacingOccurrences(of: "0x0.0p+0", with: "0x0p+0")) ?? .nan
    }

    private func weightedSum(_ pairs: [(Double, Double)]) -> WeightedSum {
        var sum = WeightedSum()
        for (w, t) in pairs { sum.add(weight: w, term: t) }
        return sum
    }

    @Test func productsBelowTheSubnormalRangeStillDecideTheRounding() throws {
        let tiny = 0x1p-600
        let cases: [[(Double, Double)]] = [
            // 1 + 2^-53 is a tie; a product of 2^-1200 above it must round up.
            [(1, 1), (1, 0x1p-53), (tiny, tiny)],
            [(1, 1), (1, 0x1p-53), (tiny, -tiny)],
            // Exactly half the smallest subnormal: a tie, to even (zero); a little more rounds up.
            [(0x1p-537, 0x1p-538)],
            [(0x1p-537, 0x1p-538), (tiny, tiny)],
            [(.leastNonzeroMagnitude, .leastNonzeroMagnitude), (.leastNonzeroMagnitude, 0.75)],
            [(3 * .leastNonzeroMagnitude, 0.5), (1e-300, 1e-300), (1e-300, 3e-10)],
            [(0x1.fffffffffffffp-500, 0x1.fffffffffffffp-500), (0x1p-1000, -0x1p-1)],
            [(0, .infinity), (2, 1)],
        ]
        for pairs in cases {
            let got = weightedSum(pairs).value
            let want = try pythonWeightedSum(pairs.filter { $0.1.isFinite })
            #expect(got.bitPattern == want.bitPattern, "\(pairs): \(got) vs \(want)")
        }
    }

    @Test func randomProductsAcrossTheWholeRangeAreSummedExactly() throws {
        var generator = TestSupport.SeededGenerator(seed: 14)
        for round in 0..<20 {
            var pairs: [(Double, Double)] = []
            for _ in 0..<200 {
                let w = pow(10, Double.random(in: -320...300, using: &generator))
                let scale = round % 2 == 0 ? -300.0 : 5.0
                let t = pow(10, Double.random(in: -320...scale, using: &generator))
                pairs.append((Int.random(in: 0..<10, using: &generator) == 0 ? 0 : w, t))
            }
            // Split in two and merged: the same value.
            var sum = weightedSum(Array(pairs.prefix(77)))
            sum.add(weightedSum(Array(pairs.dropFirst(77))))
            #expect(sum == weightedSum(pairs))
            let want = try pythonWeightedSum(pairs)
            #expect(sum.value.bitPattern == want.bitPattern, "round \(round): \(sum.value) vs \(want)")
        }
    }

    /// The block form (products split in a branch-free loop) sums the same products as one-by-one adds, bit for
    /// bit, across zero weights, huge and tiny products and the exponent sums around the split's −970 limit.
    @Test func blocksOfProductsSumAsOneByOne() {
        var generator = TestSupport.SeededGenerator(seed: 21)
        func factor() -> Double {
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: return 0
            case 1: return pow(2, Double(Int.random(in: -600...(-420), using: &generator))) * 1.5
            case 2: return pow(10, Double.random(in: -300...300, using: &generator))
            case 3: return .leastNonzeroMagnitude * Double(Int.random(in: 1...9, using: &generator))
            default: return Double.random(in: 0...3, using: &generator)
            }
        }
        for block in 0..<400 {
            let count = [1, 7, 64][block % 3]
            var weights = (0..<count).map { _ in factor() }
            var terms = (0..<count).map { _ in factor() * (Bool.random(using: &generator) ? 1 : -1) }
            if block % 5 == 0 {
                // Exponent sums of −971, −970 and −969 with full mantissas, and one in [2^-970, 2^-968) beside a
                // zero weight (which sends the block element by element).
                weights[0] = 0x1.fffffffffffffp-485
                terms[0] = [0x1.fffffffffffffp-486, 0x1.fffffffffffffp-485, 0x1.fffffffffffffp-484][block % 3]
                if count > 1 { (weights[1], terms[1]) = (0x1.8p-485, 0x1.8p-485) }
                if count > 2 { weights[2] = 0 }
            }
            var one = WeightedSum()
            for (w, t) in zip(weights, terms) { one.add(weight: w, term: t) }
            var blocked = WeightedSum()
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * count)
            defer { scratch.deallocate() }
            blocked.add(weights: weights, terms: terms, count: count, scratch: scratch)
            #expect(blocked.value.bitPattern == one.value.bitPattern, "block \(block): \(weights) \(terms)")
            // The same parts too, so that partials do not depend on how rows fall into blocks.
            #expect(blocked == one, "block \(block): \(weights) \(terms)")
        }
    }

    // MARK: Whole evaluations against the oracle

    /// A weight: zero, spread over 1e-300…1e300, subnormal, or an ordinary one.
    private static func weight(_ generator: inout TestSupport.SeededGenerator, wide: Bool) -> Double {
        switch Int.random(in: 0..<(wide ? 6 : 3), using: &generator) {
        case 0: return 0
        case 1: return Double.random(in: 0...4, using: &generator)
        case 2: return Double(Int.random(in: 1...3, using: &generator))
        case 3: return pow(10, Double.random(in: -300...300, using: &generator))
        case 4: return .leastNonzeroMagnitude * Double(Int.random(in: 1...9, using: &generator))
        default: return 1e-300
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        var task: PredictionTask
        var format: PredictionFormat
        var classes = 4
        var wideWeights = false
        /// Binary: one label in five soft (the row-by-row loop); without, hard labels only (the block loop).
        var softLabels = true
        var description: String { "\(task) \(format) K=\(classes) wide=\(wideWeights) soft=\(softLabels)" }
    }

    static let cases: [Case] = [
        Case(task: .binary, format: .probability), Case(task: .binary, format: .probability, wideWeights: true),
        Case(task: .binary, format: .logit), Case(task: .binary, format: .logit, wideWeights: true),
        Case(task: .binary, format: .probability, wideWeights: true, softLabels: false),
        Case(task: .binary, format: .logit, wideWeights: true, softLabels: false),
        Case(task: .multiclass, format: .probability), Case(task: .multiclass, format: .logit),
        Case(task: .multiclass, format: .logit, classes: 50, wideWeights: true),
        Case(task: .soft, format: .probability), Case(task: .soft, format: .logit, classes: 3),
        Case(task: .soft, format: .logit, classes: 50), Case(task: .regression, format: .probability),
        Case(task: .regression, format: .probability, wideWeights: true),
    ]

    /// Writes a CSV of random rows for `spec`, with a weight column `w` unless `weighted` is false, and some
    /// invalid weights when `badWeights`.
    private func writeShard(
        _ spec: Case, rows: Int, seed: UInt64, weighted: Bool = true, badWeights: Bool = false, name: String
    ) throws -> (path: String, arguments: [String], options: EvaluationOptions) {
        var generator = TestSupport.SeededGenerator(seed: seed)
        let k = spec.classes
        func logit() -> Double {
            Int.random(in: 0..<3, using: &generator) == 0
                ? Double.random(in: -800...800, using: &generator) : Double.random(in: -6...6, using: &generator)
        }
        func distribution() -> [Double] {
            let raw = (0..<k).map { _ in Double.random(in: 0.001...1, using: &generator) }
            let total = raw.reduce(0, +)
            return raw.map { $0 / total }
        }
        let labels: [String]
        let predictions: [String]
        switch spec.task {
        case .binary, .regression:
            labels = ["y"]
            predictions = ["p"]
        case .multiclass:
            labels = ["y"]
            predictions = (0..<k).map { "p\($0)" }
        case .soft:
            labels = (0..<k).map { "t\($0)" }
            predictions = (0..<k).map { "p\($0)" }
        }
        var lines = [(["id"] + labels + predictions + (weighted ? ["w"] : [])).joined(separator: ",")]
        for row in 0..<rows {
            var fields = ["\(row)"]
            switch spec.task {
            case .binary:
                let y =
                    spec.softLabels && Int.random(in: 0..<5, using: &generator) == 0
                    ? Double.random(in: 0...1, using: &generator) : Double(Int.random(in: 0...1, using: &generator))
                let p = spec.format == .logit ? logit() : Double.random(in: 0...1, using: &generator)
                fields += ["\(y)", "\(p)"]
            case .multiclass:
                let z = spec.format == .logit ? (0..<k).map { _ in logit() } : distribution()
                fields += ["\(Int.random(in: 0..<k, using: &generator))"] + z.map { "\($0)" }
            case .soft:
                let z = spec.format == .logit ? (0..<k).map { _ in logit() } : distribution()
                var targets = distribution()
                if Int.random(in: 0..<4, using: &generator) == 0 {
                    targets = (0..<k).map { $0 == 0 ? 1 : 0 }
                }
                fields += targets.map { "\($0)" } + z.map { "\($0)" }
            case .regression:
                let y = Double.random(in: -1e6...1e6, using: &generator)
                fields += ["\(y)", "\(y + Double.random(in: -10...10, using: &generator))"]
            }
            if weighted {
                var w = "\(Self.weight(&generator, wide: spec.wideWeights))"
                if badWeights, Int.random(in: 0..<7, using: &generator) == 0 {
                    w = ["-1", "nan", "abc", "inf", "-0.5", "1e999"][Int.random(in: 0..<6, using: &generator)]
                }
                fields.append(w)
            }
            lines.append(fields.joined(separator: ","))
        }
        let url = folder.appendingPathComponent("\(name).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        var arguments = [
            "--task", spec.task.rawValue, "--label", labels.joined(separator: ","), "--pred",
            predictions.joined(separator: ","), "--pred-format", spec.format.rawValue,
        ]
        if weighted { arguments += ["--weight", "w"] }
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: spec.task, predictionFormat: spec.format),
            columns: ColumnSelection(labels: labels, predictions: predictions, weight: weighted ? "w" : nil))
        return (url.path, arguments, options)
    }

    private func expectMatches(_ result: EvaluationResult, _ expected: JSONValue, _ context: String) {
        #expect(result.rows == expected["rows"]?.doubleValue.map(Int.init), "\(context)")
        let metrics = expected["metrics"]!
        #expect(result.metrics.map(\.name.rawValue) == metrics.keys, "\(context)")
        for metric in result.metrics {
            let want = metrics[metric.name.rawValue]?.doubleValue ?? .nan
            #expect(metric.value.bitPattern == want.bitPattern, "\(context) \(metric.name): \(metric.value) vs \(want)")
        }
        let wantWeight = expected["weight_sum"]?.doubleValue
        #expect(result.weightSum?.bitPattern == wantWeight?.bitPattern, "\(context) weight_sum")
    }

    @Test(arguments: cases)
    func weightedAndLogitRowsMatchTheOracle(spec: Case) throws {
        let one = try writeShard(spec, rows: 300, seed: 1, name: "a")
        let two = try writeShard(spec, rows: 200, seed: 2, name: "b")
        let expected = try TestSupport.oracle(one.arguments + [one.path, two.path], in: folder)
        for (threads, chunkSize) in [(1, 1 << 20), (2, 97), (3, 4096)] {
            var options = one.options
            options.threads = threads
            options.chunkSize = chunkSize
            let result = try Evaluation(paths: [one.path, two.path], options: options).run()
            expectMatches(result, expected, "\(spec) threads \(threads) chunk \(chunkSize)")
        }
    }

    @Test(arguments: [
        Case(task: .binary, format: .logit), Case(task: .binary, format: .logit, softLabels: false),
        Case(task: .multiclass, format: .logit, classes: 7),
    ])
    func logitsWithoutWeightsMatchTheOracle(spec: Case) throws {
        let shard = try writeShard(spec, rows: 400, seed: 9, weighted: false, name: "u")
        let expected = try TestSupport.oracle(shard.arguments + [shard.path], in: folder)
        for threads in [1, 4] {
            var options = shard.options
            options.threads = threads
            options.chunkSize = 333
            let result = try Evaluation(paths: [shard.path], options: options).run()
            expectMatches(result, expected, "\(spec) threads \(threads)")
            #expect(result.weightSum == nil)
        }
    }

    @Test func invalidWeightsAreSkippedAndCountedOrStopTheRunNamingTheWeight() throws {
        let spec = Case(task: .binary, format: .probability)
        let shard = try writeShard(spec, rows: 500, seed: 3, badWeights: true, name: "bad")
        let expected = try TestSupport.oracle(shard.arguments + ["--skip-invalid", shard.path], in: folder)
        for threads in [1, 3] {
            var options = shard.options
            options.threads = threads
            options.chunkSize = 211
            options.skipInvalid = true
            let result = try Evaluation(paths: [shard.path], options: options).run()
            expectMatches(result, expected, "threads \(threads)")
            #expect(Double(result.invalidRows) == expected["invalid_rows"]?.doubleValue)
            for summary in result.invalidBreakdown {
                #expect(Double(summary.count) == expected["invalid"]?[summary.reason.rawValue]?.doubleValue)
            }
            #expect(result.invalidBreakdown.map(\.reason.rawValue).sorted() == expected["invalid"]!.keys.sorted())
        }
        let error = try TestSupport.oracle(shard.arguments + [shard.path], in: folder)["error"]!
        let location = "\(error["file"]!.stringValue!):\(Int(error["line"]!.doubleValue!)): "
        TestSupport.expectFailure(.invalidRow, containing: [location, "weight column \"w\""]) {
            _ = try Evaluation(paths: [shard.path], options: shard.options).run()
        }
    }

    @Test func aTotalWeightOfZeroIsAnError() throws {
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), columns: ColumnSelection(weight: "w"))
        TestSupport.expectFailure(.noRows, containing: ["total weight", "0"]) {
            _ = try Evaluation(
                inputs: [.bytes(Array("label,pred,w\n1,0.9,0\n0,0.1,0\n".utf8), name: "z")], options: options
            )
            .run()
        }
        TestSupport.expectFailure(.invalidHeader, containing: ["no weight column named \"weight\""]) {
            _ = try Evaluation(
                inputs: [.bytes(Array("label,pred\n1,0.9\n".utf8), name: "z")],
                options: EvaluationOptions(
                    settings: EvaluationSettings(task: .binary), columns: ColumnSelection(weight: "weight"))
            )
            .run()
        }
    }

    /// The weight column is never a default prediction, and `.npy` integer weights are read as numbers.
    @Test func theWeightColumnIsNotADefaultPrediction() throws {
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: .multiclass), columns: ColumnSelection(weight: "w"))
        let result = try Evaluation(
            inputs: [.bytes(Array("label,a,b,w\n0,0.75,0.25,3\n1,0.5,0.5,1\n".utf8), name: "m")], options: options
        )
        .run()
        #expect(result.columns?.predictions == ["a", "b"])
        #expect(result.weightSum == 4)
        #expect(result.value(of: .accuracy) == 0.75)
    }

    // MARK: Partials

    @Test func weightedLogitPartialsSurviveTheFileFormatAndMergeToOneEvaluation() throws {
        let spec = Case(task: .multiclass, format: .logit, classes: 5, wideWeights: true)
        let one = try writeShard(spec, rows: 300, seed: 21, name: "p1")
        let two = try writeShard(spec, rows: 250, seed: 22, name: "p2")
        let single = try Evaluation(paths: [one.path, two.path], options: one.options).run()
        let partials = try [one.path, two.path].map { path in
            let partial = try Evaluation(paths: [path], options: one.options).runPartial()
            let text = partial.fileText()
            #expect(text.contains("\"weight_column\":\"w\""))
            #expect(text.contains("\"prediction_format\":\"logit\""))
            return try EvaluationPartial(fileBytes: Array(text.utf8), name: path)
        }
        let merged = try EvaluationPartial.merged(partials, names: ["p1", "p2"]).finalize(maxInvalid: nil)
        #expect(merged.partial == single.partial)
        #expect(merged.metrics.map(\.value.bitPattern) == single.metrics.map(\.value.bitPattern))
        #expect(merged.weightSum == single.weightSum)

        var unweighted = one.options
        unweighted.columns.weight = nil
        var probabilities = one.options
        probabilities.settings.predictionFormat = .probability
        probabilities.skipInvalid = true
        for (options, fragment) in [(unweighted, "weight_column"), (probabilities, "prediction_format")] {
            let other = try Evaluation(paths: [two.path], options: options).runPartial()
            TestSupport.expectFailure(.incompatiblePartials, containing: [fragment]) {
                _ = try EvaluationPartial.merged([partials[0], other], names: ["first", "second"])
            }
        }
    }
}
