import XStreamMetrics

/// The outcome of an evaluation.
public struct EvaluationResult: Sendable {
    /// When the evaluation started, in UTC (ISO 8601, e.g. `2026-12-02T07:41:09Z`).
    public var startedAt: String
    /// The evaluation's settings.
    public var settings: EvaluationSettings
    /// Worker threads used.
    public var threads: Int
    /// The exact partial state: counts and exact sums.
    public var partial: MetricPartial
    /// The metrics of the task, in report order.
    public var metrics: [Metric]
    /// Invalid rows skipped (0 unless skipping was asked for).
    public var invalidRows: Int
    /// Skipped rows by reason, reasons in a fixed order.
    public var invalidBreakdown: [InvalidRowSummary]
    /// The label and prediction columns used; nil when no input had a header.
    public var columns: ColumnNames?
    /// Per-input counts, in input order.
    public var inputs: [InputSummary]
    /// Wall-clock time of the evaluation.
    public var elapsedSeconds: Double
    /// The process's peak resident memory at the end of the evaluation, where the system tells it (Linux).
    public var peakResidentBytes: Int?
    /// The weight column, with weights; nil otherwise.
    public var weightColumn: String?
    /// The slice columns, in the order named; empty without slices.
    public var sliceColumns: [String] = []
    /// Each slice, sorted by key.
    public var slices: [SliceResult] = []

    /// Valid rows evaluated.
    public var rows: Int { partial.rows }

    /// The rounded exact sum of the weights, with a weight column; nil otherwise.
    public var weightSum: Double? { partial.weighted?.weight.value }

    /// The value of metric `name`, or nil when the task does not report it.
    public func value(of name: MetricName) -> Double? { metrics.first { $0.name == name }?.value }
}
