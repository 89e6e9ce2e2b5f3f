/// One metric of the report.
public struct Metric: Sendable, Equatable {
    /// The metric's report name (`cross_entropy`, `mae`, …).
    public var name: String
    /// Its value: the correctly rounded exact sum of its terms divided by its count.
    public var value: Double
}

/// What one input contributed.
public struct InputSummary: Sendable, Equatable {
    /// The path as the user gave it (`-` for standard input).
    public var path: String
    /// `csv` or `npy`; nil when the input was empty.
    public var format: String?
    /// The codec detected from the first bytes.
    public var codec: Codec
    /// Valid rows evaluated.
    public var rows: Int
    /// Invalid rows skipped.
    public var invalidRows: Int
    /// Compressed bytes read (equal to the decompressed bytes for plain inputs).
    public var compressedBytes: Int
    /// Decompressed bytes read.
    public var decompressedBytes: Int
}

/// The invalid rows of one reason, with the first few locations.
public struct InvalidRowSummary: Sendable, Equatable {
    /// Why the rows are invalid.
    public var reason: InvalidReason
    /// How many rows.
    public var count: Int
    /// The first few, in input order, as `path:line: message` (`path: record N: message` for `.npy`).
    public var examples: [String]
}

/// The outcome of an evaluation.
public struct EvaluationResult: Sendable {
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
    /// Per-input counts, in input order.
    public var inputs: [InputSummary]
    /// Wall-clock time of the evaluation.
    public var elapsedSeconds: Double
    /// The process's peak resident memory at the end of the evaluation, where the system tells it (Linux).
    public var peakResidentBytes: Int?

    /// Valid rows evaluated.
    public var rows: Int { partial.rows }

    /// The value of the metric named `name`, including `rows` and `invalid_rows`.
    public func value(of name: String) -> Double? {
        switch name {
        case "rows": Double(rows)
        case "invalid_rows": Double(invalidRows)
        default: metrics.first { $0.name == name }?.value
        }
    }
}

/// A snapshot of an evaluation in progress.
public struct EvaluationProgress: Sendable {
    /// Compressed bytes read so far.
    public var compressedBytes: Int
    /// Total compressed bytes of the inputs, when every input is a regular file.
    public var totalCompressedBytes: Int?
    /// Valid rows evaluated so far.
    public var rows: Int
}
