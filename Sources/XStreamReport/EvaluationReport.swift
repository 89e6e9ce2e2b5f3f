import XStreamEngine
import XStreamMetrics

/// What one run reports, typed: written as the JSON report, and read back from one as a baseline.
///
/// The JSON keys are the ``CodingKeys``' raw values, defined here once: `xstream_version`, `started_at`, `task`,
/// `eps`, `sum_tolerance`, `pred_format`, `columns`, `weight_column` (with a weight column), `slice_columns`
/// (with slices), `threads`, `rows`, `invalid_rows`, `weight_sum` (with a weight column), `metrics`,
/// `invalid_breakdown`, `inputs`, `elapsed_seconds`, `rows_per_second`, `peak_rss_bytes` (null where unknown),
/// `slices` (with slices), and with gates `gates`, `baseline` (with a baseline), `slice_gates` (with slice
/// gates) and `passed`.
public struct EvaluationReport: Sendable, Equatable, Codable {
    /// The version of xstream that made the report.
    public var xstreamVersion: String
    /// When the run started, in UTC (ISO 8601).
    public var startedAt: String
    /// The task evaluated.
    public var task: PredictionTask
    /// The clipping bound.
    public var eps: Double
    /// The largest accepted |Σp − 1|.
    public var sumTolerance: Double
    /// What the prediction columns hold: probabilities or logits.
    public var predictionFormat: PredictionFormat
    /// The label and prediction columns used.
    public var columns: ColumnNames?
    /// The weight column, with weights.
    public var weightColumn: String?
    /// The slice columns, in the order named; empty without slices.
    public var sliceColumns: [String]
    /// Worker threads.
    public var threads: Int
    /// Valid rows evaluated.
    public var rows: Int
    /// Invalid rows skipped.
    public var invalidRows: Int
    /// The rounded exact sum of the weights, with a weight column.
    public var weightSum: Double?
    /// The task's metrics, in report order.
    public var metrics: MetricValues
    /// Skipped rows by reason.
    public var invalidBreakdown: [InvalidRowSummary]
    /// Per-input counts, in input order.
    public var inputs: [InputSummary]
    /// Wall-clock time of the evaluation.
    public var elapsedSeconds: Double
    /// Valid rows per second of wall-clock time.
    public var rowsPerSecond: Double
    /// The process's peak resident memory, where the system tells it.
    public var peakResidentBytes: Int?
    /// The gates' outcomes, when the run had gates.
    public var gates: GateOutcomes?
    /// With slice columns: each slice, sorted by key.
    public var slices: [SliceReport]?
    /// The slice gates' outcomes, when the run had slice gates.
    public var sliceGates: [SliceGateOutcome]?

    private enum CodingKeys: String, CodingKey {
        case xstreamVersion = "xstream_version"
        case startedAt = "started_at"
        case task, eps
        case sumTolerance = "sum_tolerance"
        case predictionFormat = "pred_format"
        case columns
        case weightColumn = "weight_column"
        case sliceColumns = "slice_columns"
        case threads, rows
        case invalidRows = "invalid_rows"
        case weightSum = "weight_sum"
        case metrics
        case invalidBreakdown = "invalid_breakdown"
        case inputs
        case elapsedSeconds = "elapsed_seconds"
        case rowsPerSecond = "rows_per_second"
        case peakResidentBytes = "peak_rss_bytes"
        case slices
        case gates, baseline
        case sliceGates = "slice_gates"
        case passed
    }

    /// The report of `result`.
    public init(_ result: EvaluationResult) {
        xstreamVersion = XStreamVersion.current
        startedAt = result.startedAt
        task = result.settings.task
        eps = result.settings.epsilon
        sumTolerance = result.settings.sumTolerance
        predictionFormat = result.settings.predictionFormat
        columns = result.columns
        weightColumn = result.weightColumn
        sliceColumns = result.sliceColumns
        threads = result.threads
        rows = result.rows
        invalidRows = result.invalidRows
        weightSum = result.weightSum
        metrics = MetricValues(result.metrics.map { ($0.name, $0.value) })
        invalidBreakdown = result.invalidBreakdown
        inputs = result.inputs
        elapsedSeconds = result.elapsedSeconds
        rowsPerSecond = result.elapsedSeconds > 0 ? Double(result.rows) / result.elapsedSeconds : 0
        peakResidentBytes = result.peakResidentBytes
        if !result.sliceColumns.isEmpty {
            slices = result.slices.map { SliceReport($0, columns: result.sliceColumns) }
        }
    }

    /// True unless a gate failed.
    public var passed: Bool { !(gates?.failed ?? false) && !(sliceGates?.contains(where: \.failed) ?? false) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        xstreamVersion = try container.decode(String.self, forKey: .xstreamVersion)
        startedAt = try container.decodeIfPresent(String.self, forKey: .startedAt) ?? ""
        task = try container.decode(PredictionTask.self, forKey: .task)
        eps = try container.decode(Double.self, forKey: .eps)
        sumTolerance = try container.decode(Double.self, forKey: .sumTolerance)
        // Reports from before logits, weights and slices have none of them.
        predictionFormat =
            try container.decodeIfPresent(PredictionFormat.self, forKey: .predictionFormat) ?? .probability
        columns = try container.decodeIfPresent(ColumnNames.self, forKey: .columns)
        weightColumn = try container.decodeIfPresent(String.self, forKey: .weightColumn)
        sliceColumns = try container.decodeIfPresent([String].self, forKey: .sliceColumns) ?? []
        threads = try container.decode(Int.self, forKey: .threads)
        rows = try container.decode(Int.self, forKey: .rows)
        invalidRows = try container.decode(Int.self, forKey: .invalidRows)
        weightSum = try container.decodeIfPresent(Double.self, forKey: .weightSum)
        metrics = try container.decode(MetricValues.self, forKey: .metrics)
        invalidBreakdown = try container.decode([InvalidRowSummary].self, forKey: .invalidBreakdown)
        inputs = try container.decode([InputSummary].self, forKey: .inputs)
        elapsedSeconds = try container.decode(Double.self, forKey: .elapsedSeconds)
        rowsPerSecond = try container.decode(Double.self, forKey: .rowsPerSecond)
        peakResidentBytes = try container.decodeIfPresent(Int.self, forKey: .peakResidentBytes)
        slices = try container.decodeIfPresent([SliceReport].self, forKey: .slices)
        sliceGates = try container.decodeIfPresent([SliceGateOutcome].self, forKey: .sliceGates)
        if let thresholds = try container.decodeIfPresent([ThresholdOutcome].self, forKey: .gates) {
            let baseline = try container.decodeIfPresent(BaselineComparison.self, forKey: .baseline)
            gates = GateOutcomes(thresholds: thresholds, baseline: baseline)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(xstreamVersion, forKey: .xstreamVersion)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(task, forKey: .task)
        try container.encode(eps, forKey: .eps)
        try container.encode(sumTolerance, forKey: .sumTolerance)
        try container.encode(predictionFormat, forKey: .predictionFormat)
        try container.encodeIfPresent(columns, forKey: .columns)
        try container.encodeIfPresent(weightColumn, forKey: .weightColumn)
        if !sliceColumns.isEmpty { try container.encode(sliceColumns, forKey: .sliceColumns) }
        try container.encode(threads, forKey: .threads)
        try container.encode(rows, forKey: .rows)
        try container.encode(invalidRows, forKey: .invalidRows)
        try container.encodeIfPresent(weightSum, forKey: .weightSum)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(invalidBreakdown, forKey: .invalidBreakdown)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
        try container.encode(rowsPerSecond, forKey: .rowsPerSecond)
        if let peakResidentBytes {
            try container.encode(peakResidentBytes, forKey: .peakResidentBytes)
        } else {
            try container.encodeNil(forKey: .peakResidentBytes)
        }
        try container.encodeIfPresent(slices, forKey: .slices)
        guard gates != nil || sliceGates != nil else { return }
        try container.encode(gates?.thresholds ?? [], forKey: .gates)
        try container.encodeIfPresent(gates?.baseline, forKey: .baseline)
        try container.encodeIfPresent(sliceGates, forKey: .sliceGates)
        try container.encode(passed, forKey: .passed)
    }
}
