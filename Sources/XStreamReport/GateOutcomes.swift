import XStreamCodecs

/// The outcome of every gate of a run.
public struct GateOutcomes: Sendable, Equatable {
    /// The `fail if` conditions, in order.
    public var thresholds: [ThresholdOutcome]
    /// The comparison with the baseline, when there is one.
    public var baseline: BaselineComparison?

    /// True when any gate failed.
    public var failed: Bool {
        thresholds.contains(where: \.failed) || (baseline?.comparisons.contains(where: \.failed) ?? false)
    }

    /// Evaluates the gates against a report.
    /// - Parameters:
    ///   - report: This run's report.
    ///   - thresholds: Conditions that fail the run when they hold.
    ///   - limits: Limits against the baseline; they need `baseline`.
    ///   - baseline: The earlier report, if any.
    /// - Throws: ``XStreamError`` (`invalidBaseline`) when the baseline was made with settings that change the
    ///   numbers (unless its policy is to warn), or lacks a quantity.
    public static func evaluate(
        _ report: EvaluationReport, thresholds: [Threshold], limits: [BaselineLimit], baseline: Baseline?
    ) throws -> GateOutcomes {
        let thresholdOutcomes = thresholds.map { ThresholdOutcome($0, observed: $0.quantity.value(in: report) ?? .nan) }
        guard let baseline else { return GateOutcomes(thresholds: thresholdOutcomes, baseline: nil) }
        let path = baseline.path
        guard let old = baseline.report else {
            return GateOutcomes(
                thresholds: thresholdOutcomes,
                baseline: BaselineComparison(path: path, missing: true, mismatches: [], comparisons: []))
        }
        let mismatches = report.differences(fromBaseline: old)
        if let first = mismatches.first, baseline.mismatchPolicy == .refuse {
            throw XStreamError(
                .invalidBaseline, "not comparable with this run: \(first)", at: Location(path),
                remedy: .allowBaselineMismatch)
        }
        let comparisons = try limits.map { limit in
            guard let oldValue = limit.quantity.value(in: old) else {
                throw XStreamError(
                    .invalidBaseline, "the baseline has no metric \"\(limit.quantity)\"", at: Location(path))
            }
            return BaselineOutcome(limit, old: oldValue, new: limit.quantity.value(in: report) ?? .nan)
        }
        return GateOutcomes(
            thresholds: thresholdOutcomes,
            baseline: BaselineComparison(path: path, missing: false, mismatches: mismatches, comparisons: comparisons))
    }
}
