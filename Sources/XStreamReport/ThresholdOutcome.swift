/// One `fail if` condition of a run and what was observed.
public struct ThresholdOutcome: Sendable, Equatable, Codable {
    /// The condition as written, e.g. `mae > 0.3`.
    public var expression: String
    /// The quantity's name.
    public var metric: String
    /// How it compares (`operator` in JSON).
    public var comparison: ComparisonOperator
    /// The quantity's value in this run (NaN when the run does not have it).
    public var observed: Double
    /// The value compared against.
    public var threshold: Double
    /// True when the condition holds, which fails the run.
    public var failed: Bool

    private enum CodingKeys: String, CodingKey {
        case expression, metric
        case comparison = "operator"
        case observed, threshold, failed
    }

    /// Checks `threshold` against the `observed` value.
    public init(_ threshold: Threshold, observed: Double) {
        expression = threshold.expression
        metric = threshold.quantity.name
        comparison = threshold.comparison
        self.observed = observed
        self.threshold = threshold.value
        failed = threshold.comparison.holds(observed, threshold.value)
    }
}
