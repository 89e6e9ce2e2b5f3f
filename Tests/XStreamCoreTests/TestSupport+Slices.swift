import Testing
import XStreamCore

@testable import XStreamEngine
@testable import XStreamReport

extension TestSupport {
    /// Expects `result`'s slices (keys, rows, weight sums, every metric bit for bit) and whole metrics to be the
    /// oracle's `expected`.
    static func expectSlicesMatch(
        _ result: EvaluationResult, _ expected: JSONValue, _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let report = EvaluationReport(result)
        let slices = report.slices ?? []
        let want = expected["slices"]!.items
        #expect(slices.count == want.count, "\(context)", sourceLocation: sourceLocation)
        for (got, wanted) in zip(slices, want) {
            #expect(got.key.map(\.column) == wanted["key"]!.keys, "\(context)", sourceLocation: sourceLocation)
            #expect(
                got.key.map(\.value) == wanted["key"]!.members.map { $0.1.stringValue ?? "?" }, "\(context)",
                sourceLocation: sourceLocation)
            #expect(
                Double(got.rows) == wanted["rows"]?.doubleValue, "\(context) \(got.keyText)",
                sourceLocation: sourceLocation)
            #expect(
                got.metrics.entries.map(\.name.rawValue) == wanted["metrics"]!.keys, "\(context)",
                sourceLocation: sourceLocation)
            for (name, value) in got.metrics.entries {
                let w = wanted["metrics"]![name.rawValue]?.doubleValue ?? .nan
                #expect(
                    value.bitPattern == w.bitPattern, "\(context) \(got.keyText) \(name): \(value) vs \(w)",
                    sourceLocation: sourceLocation)
            }
            #expect(
                got.weightSum?.bitPattern == wanted["weight_sum"]?.doubleValue?.bitPattern, "\(context)",
                sourceLocation: sourceLocation)
        }
        for metric in result.metrics {
            let w = expected["metrics"]![metric.name.rawValue]?.doubleValue ?? .nan
            #expect(
                metric.value.bitPattern == w.bitPattern, "\(context) whole \(metric.name)",
                sourceLocation: sourceLocation)
        }
    }
}
