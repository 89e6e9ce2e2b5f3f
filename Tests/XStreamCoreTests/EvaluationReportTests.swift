import Foundation
import Testing
import XStreamCore

@testable import XStreamEngine
@testable import XStreamReport

/// The typed report: written as JSON and read back (as a baseline is) without losing a bit or a key.
@Suite struct EvaluationReportTests {
    private func report(_ set: String) throws -> EvaluationReport {
        let fixture = EvaluationTests.fixtureSets.first { $0.name == set }!
        var options = fixture.options(threads: 2, chunkSize: 1000)
        options.skipInvalid = true
        return EvaluationReport(try Evaluation(paths: fixture.inputs, options: options).run())
    }

    @Test(arguments: ["binary", "multiclass", "soft", "regression", "npy-binary"])
    func jsonRoundTripKeepsEveryBit(set: String) throws {
        var original = try report(set)
        let thresholds = [Threshold(.rows, .less, 10), Threshold(.metric(original.task.metrics[0]), .greater, 0)]
        original.gates = try GateOutcomes.evaluate(
            original, thresholds: thresholds,
            limits: [BaselineLimit(.invalidRows, .increase, .absolute(0))],
            baseline: Baseline(path: "old.json", report: original))
        let text = original.jsonText()
        let read = try EvaluationReport(json: text, name: "r.json")
        #expect(read == original)
        #expect(read.jsonText() == text)
        #expect(read.gates?.failed == true, "rows < 10 fails nothing, metric > 0 fails")
    }

    @Test func keysAreTheDocumentedOnesInOrder() throws {
        guard case .object(let members) = try JSONValue.parse(try report("binary").jsonText()) else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.0) == [
                "xstream_version", "started_at", "task", "eps", "sum_tolerance", "pred_format", "columns",
                "threads", "rows", "invalid_rows", "metrics", "invalid_breakdown", "inputs", "elapsed_seconds",
                "rows_per_second", "peak_rss_bytes",
            ])
    }

    @Test func aReportFromBeforeLogitsAndWeightsReadsAsProbabilitiesUnweighted() throws {
        let current = try report("binary")
        guard case .object(let members) = try JSONValue.parse(current.jsonText()) else { return }
        let older = JSONValue.object(members.filter { $0.0 != "pred_format" }).serialized()
        let read = try EvaluationReport(json: older, name: "old.json")
        #expect(read.predictionFormat == .probability)
        #expect(read.weightColumn == nil && read.sliceColumns.isEmpty)
        #expect(current.differences(fromBaseline: read).isEmpty)
        var weighted = current
        weighted.weightColumn = "w"
        #expect(weighted.differences(fromBaseline: read) == ["weight column: none in the baseline, w in this run"])
    }

    @Test func nonFiniteMetricsSurviveTheRoundTrip() throws {
        var original = try report("regression")
        original.metrics = MetricValues([(.mae, .infinity), (.mse, -.infinity), (.rmse, .nan)])
        let read = try EvaluationReport(json: original.jsonText(), name: "r.json")
        #expect(read.metrics[.mae] == .infinity)
        #expect(read.metrics[.mse] == -.infinity)
        #expect(read.metrics[.rmse]?.isNaN == true)
    }

    @Test(arguments: [
        ("{}", "no \"xstream_version\""),
        ("[1, 2]", "expected an object"),
        ("{\"xstream_version\": 1}", "expected a string, found a number"),
        ("not json", "invalid JSON at byte 0"),
    ])
    func unusableBaselinesAreClearErrors(text: String, fragment: String) throws {
        TestSupport.expectFailure(.invalidBaseline, containing: ["base.json", fragment]) {
            _ = try EvaluationReport(json: text, name: "base.json")
        }
    }

    @Test func aBaselineOfAnotherTaskOrWithoutTheMetricIsRefused() throws {
        let binary = try report("binary")
        let regression = try report("regression")
        TestSupport.expectFailure(
            .invalidBaseline, containing: ["b.json", "task: regression in the baseline, binary in this run"],
            remedy: .allowBaselineMismatch
        ) {
            _ = try GateOutcomes.evaluate(
                binary, thresholds: [], limits: [BaselineLimit(.metric(.mae), .increase, .percent(1))],
                baseline: Baseline(path: "b.json", report: regression))
        }
        var stripped = binary
        stripped.metrics = MetricValues([])
        TestSupport.expectFailure(.invalidBaseline, containing: ["b.json", "no metric \"mae\""]) {
            _ = try GateOutcomes.evaluate(
                binary, thresholds: [], limits: [BaselineLimit(.metric(.mae), .increase, .percent(1))],
                baseline: Baseline(path: "b.json", report: stripped))
        }
    }

    @Test func baselinesOfOtherSettingsAreRefusedUnlessAskedToWarn() throws {
        let current = try report("binary")
        var other = current
        other.eps = 1e-3
        other.columns = ColumnNames(labels: ["label"], predictions: ["score"])
        let limit = BaselineLimit(.metric(.mae), .increase, .percent(1))
        TestSupport.expectFailure(
            .invalidBaseline, containing: ["b.json: not comparable with this run: eps: 0.001 in the baseline"],
            remedy: .allowBaselineMismatch
        ) {
            _ = try GateOutcomes.evaluate(
                current, thresholds: [], limits: [limit], baseline: Baseline(path: "b.json", report: other))
        }
        let warned = try GateOutcomes.evaluate(
            current, thresholds: [], limits: [limit],
            baseline: Baseline(path: "b.json", report: other, mismatchPolicy: .warn))
        #expect(warned.baseline?.mismatches.count == 2)
        #expect(warned.baseline?.comparisons.count == 1)
        let missing = try GateOutcomes.evaluate(
            current, thresholds: [], limits: [limit], baseline: Baseline(path: "b.json", report: nil))
        #expect(missing.baseline?.missing == true)
        #expect(missing.baseline?.comparisons.isEmpty == true)
        #expect(missing.failed == false)
    }

    @Test func gateQuantitiesAreTheTasksOwn() throws {
        #expect(try GateQuantity(named: "rmse", for: .regression) == .metric(.rmse))
        #expect(try GateQuantity(named: "invalid_rows", for: .soft) == .invalidRows)
        TestSupport.expectFailure(.usage, containing: ["the regression task has no metric \"accuracy\"", "mae, mse"]) {
            _ = try GateQuantity(named: "accuracy", for: .regression)
        }
    }
}
