import XStreamMetrics

/// One metric of the report.
public struct Metric: Sendable, Equatable {
    /// The metric's report name (`cross_entropy`, `mae`, …).
    public var name: MetricName
    /// Its value: the correctly rounded exact sum of its terms divided by its count.
    public var value: Double
}
