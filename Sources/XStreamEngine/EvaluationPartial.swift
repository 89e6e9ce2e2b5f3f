import XStreamCodecs
import XStreamFormats
import XStreamMetrics

/// The exact state of an evaluation of some inputs: everything a final report needs, in a form that merges
/// with the partials of other inputs without losing a bit.
///
/// Evaluate each shard set into a partial (``Evaluation/runPartial()``), merge them in any tree
/// (``merged(_:names:)``, which refuses partials whose settings differ or that share an input), and
/// ``finalize(maxInvalid:)`` once: only there do the no-rows rule and the invalid-row limit apply. The merged
/// report is the report one evaluation over every input would print, inputs in the order of the partials and
/// then each partial's own order. The file form is specified in `docs/partial-format.md`.
public struct EvaluationPartial: Sendable {
    /// The format's name, the first member of every partial file.
    public static let formatName = "xstream-partial"
    /// The format's version; partials of another version are refused.
    public static let formatVersion = 1

    /// The version of xstream that wrote the partial (informational; set when it is written).
    public var xstreamVersion: String
    /// Task, clipping bound and sum tolerance.
    public var settings: EvaluationSettings
    /// The label columns every input resolved to; nil when no input had a header (an empty partial).
    public var labelColumns: [String]?
    /// The prediction columns every input resolved to; nil when no input had a header.
    public var predictionColumns: [String]?
    /// The sample-weight column; nil for an unweighted evaluation.
    public var weightColumn: String?
    /// Counts and exact sums.
    public var partial: MetricPartial
    /// The slice columns, in the order named; empty without slices.
    public var sliceColumns: [String]
    /// Each slice's counts and exact sums, by key.
    public var slices: [SliceKey: MetricPartial]
    /// Skipped rows by reason, reasons in a fixed order, each with its first locations in input order.
    public var invalidBreakdown: [InvalidRowSummary]
    /// The inputs, in order.
    public var inputs: [PartialInput]
    /// When the evaluation started, UTC, ISO 8601 (the earliest of merged partials; empty for no evaluation).
    public var startedAt: String
    /// Worker threads used (summed over merged partials).
    public var threads: Int
    /// Wall-clock time of the evaluation (the longest of merged partials).
    public var elapsedSeconds: Double
    /// Peak resident memory (the largest of merged partials), where the system tells it.
    public var peakResidentBytes: Int?

    /// The partial of no inputs under `options`: a valid start for merging.
    public init(options: EvaluationOptions) {
        xstreamVersion = ""
        settings = options.settings
        labelColumns = nil
        predictionColumns = nil
        weightColumn = options.columns.weight
        partial = MetricPartial()
        if weightColumn != nil { partial.weighted = WeightedSums() }
        if settings.ranksPredictions { partial.ranking = ScoreRanking() }
        sliceColumns = options.columns.slices
        slices = [:]
        invalidBreakdown = []
        inputs = []
        threads = 0
        startedAt = ""
        elapsedSeconds = 0
        peakResidentBytes = nil
    }

    /// Reads every ranking's spilled runs into memory (what a partial file holds), so that the partial refers to
    /// no temporary file.
    /// - Throws: ``XStreamError`` when a temporary file cannot be read back.
    mutating func gatherRankingsInMemory() throws {
        try partial.ranking?.gatherInMemory()
        for key in slices.keys { try slices[key]!.ranking?.gatherInMemory() }
    }

    /// Invalid rows skipped in all.
    public var invalidRows: Int { invalidBreakdown.reduce(0) { $0 + $1.count } }

    /// The result as a report shows it, with no rule applied: no metrics when there are no rows.
    /// - Throws: ``XStreamError`` when a ranking's temporary files cannot be read back.
    public func result() throws -> EvaluationResult {
        let columns = labelColumns.flatMap { labels in
            predictionColumns.map { ColumnNames(labels: labels, predictions: $0) }
        }
        return EvaluationResult(
            startedAt: startedAt, settings: settings, threads: threads, partial: partial,
            metrics: try partial.reportedMetrics(for: settings.task),
            invalidRows: invalidRows, invalidBreakdown: invalidBreakdown, columns: columns,
            inputs: inputs.map(\.summary), elapsedSeconds: elapsedSeconds, peakResidentBytes: peakResidentBytes,
            weightColumn: weightColumn, sliceColumns: sliceColumns,
            slices: try slices.sorted { $0.key < $1.key }.map {
                try SliceResult(key: $0.key, partial: $0.value, task: settings.task)
            })
    }

    /// The final result, once every partial is merged: the no-rows rule and the invalid-row limit apply here.
    /// - Parameter maxInvalid: Fail when more rows than this were skipped.
    /// - Throws: ``XStreamError`` `noRows` when no valid row was found, `tooManyInvalidRows` when skipped rows
    ///   exceed `maxInvalid`.
    public func finalize(maxInvalid: InvalidRowLimit?) throws -> EvaluationResult {
        let invalidRows = self.invalidRows
        guard partial.rows > 0 else {
            let skipped = invalidRows > 0 ? " (\(invalidRows) invalid rows skipped)" : ""
            throw XStreamError(.noRows, "no rows to evaluate in the \(inputs.count) input(s)\(skipped)")
        }
        try maxInvalid?.enforce(invalid: invalidRows, valid: partial.rows)
        if let weighted = partial.weighted, weighted.weight.value == 0 {
            throw XStreamError(.noRows, "the total weight of the \(partial.rows) rows is 0: no weighted mean exists")
        }
        if let ranking = partial.ranking, ranking.positives == 0 || ranking.negatives == 0 {
            throw XStreamError(
                .undefinedMetric,
                "the ROC AUC needs both classes, but all \(partial.rows) rows are labelled "
                    + "\(ranking.positives == 0 ? 0 : 1)")
        }
        return try result()
    }
}
