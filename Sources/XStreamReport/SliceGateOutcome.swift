import XStreamCodecs
import XStreamMetrics

/// One `fail if` condition applied to every slice, and the slices that met it.
///
/// JSON: `{"expression", "metric", "operator", "threshold", "min_rows", "failed_slices": [{"key", "observed"}],
/// "failed"}`.
public struct SliceGateOutcome: Sendable, Equatable, Codable {
    /// A slice that met the condition.
    public struct FailedSlice: Sendable, Equatable, Codable {
        /// The slice's key, `column=value` pairs.
        public var key: String
        /// The slice's value of the quantity.
        public var observed: Double
    }

    /// The condition as written back, e.g. `mae > 0.3`.
    public var expression: String
    /// The quantity's name.
    public var metric: String
    /// How it compares (`operator` in JSON).
    public var comparison: ComparisonOperator
    /// The value compared against.
    public var threshold: Double
    /// Slices with fewer valid rows are not gated.
    public var minRows: Int
    /// The slices that met the condition, in slice order.
    public var failedSlices: [FailedSlice]
    /// True when any slice met the condition, which fails the run.
    public var failed: Bool { !failedSlices.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case expression, metric
        case comparison = "operator"
        case threshold
        case minRows = "min_rows"
        case failedSlices = "failed_slices"
        case failed
    }

    /// Applies `threshold` to every slice of at least `minRows` rows.
    /// - Throws: ``XStreamError`` (`usage`) for `invalid_rows`, which slices do not count.
    public init(_ threshold: Threshold, minRows: Int, slices: [SliceReport]) throws {
        if threshold.quantity == .invalidRows {
            throw XStreamError(.usage, "slice gates can name the task's metrics and rows, not invalid_rows")
        }
        expression = threshold.expression
        metric = threshold.quantity.name
        comparison = threshold.comparison
        self.threshold = threshold.value
        self.minRows = minRows
        failedSlices = slices.filter { $0.rows >= minRows }.compactMap { slice in
            let observed: Double
            switch threshold.quantity {
            case .metric(let name): observed = slice.metrics[name] ?? .nan
            case .rows, .invalidRows: observed = Double(slice.rows)
            }
            return threshold.comparison.holds(observed, threshold.value)
                ? FailedSlice(key: slice.keyText, observed: observed) : nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        expression = try container.decode(String.self, forKey: .expression)
        metric = try container.decode(String.self, forKey: .metric)
        comparison = try container.decode(ComparisonOperator.self, forKey: .comparison)
        threshold = try container.decode(Double.self, forKey: .threshold)
        minRows = try container.decode(Int.self, forKey: .minRows)
        failedSlices = try container.decode([FailedSlice].self, forKey: .failedSlices)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(expression, forKey: .expression)
        try container.encode(metric, forKey: .metric)
        try container.encode(comparison, forKey: .comparison)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(minRows, forKey: .minRows)
        try container.encode(failedSlices, forKey: .failedSlices)
        try container.encode(failed, forKey: .failed)
    }
}
