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
    ///   - baseline: An earlier report and its path.
    /// - Throws: ``XStreamError`` (`invalidBaseline`) when the baseline is of another task or lacks a quantity.
    public static func evaluate(
        _ report: EvaluationReport, thresholds: [Threshold], limits: [BaselineLimit],
        baseline: (path: String, report: EvaluationReport)?
    ) throws -> GateOutcomes {
        let thresholdOutcomes = thresholds.map { ThresholdOutcome($0, observed: $0.quantity.value(in: report) ?? .nan) }
        guard let (path, old) = baseline else { return GateOutcomes(thresholds: thresholdOutcomes, baseline: nil) }
        guard old.task == report.task else {
            throw XStreamError(
                .invalidBaseline,
                "the baseline is a \(old.task.rawValue) report, this run is \(report.task.rawValue)", at: Location(path)
            )
        }
        let comparisons = try limits.map { limit in
            guard let oldValue = limit.quantity.value(in: old) else {
                throw XStreamError(
                    .invalidBaseline, "the baseline has no metric \"\(limit.quantity)\"", at: Location(path))
            }
            return BaselineOutcome(limit, old: oldValue, new: limit.quantity.value(in: report) ?? .nan)
        }
        return GateOutcomes(
            thresholds: thresholdOutcomes, baseline: BaselineComparison(path: path, comparisons: comparisons))
    }
}
