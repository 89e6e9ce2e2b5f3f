import XStreamFormats
import XStreamMetrics

/// One slice of an evaluation: its key, exact state and metrics.
public struct SliceResult: Sendable {
    /// The values of the slice columns.
    public var key: SliceKey
    /// The slice's counts and exact sums.
    public var partial: MetricPartial
    /// The slice's metrics, in report order (each exact over the slice's rows, as for the whole).
    public var metrics: [Metric]

    /// The slice of `key` with `partial`'s metrics for `task`.
    public init(key: SliceKey, partial: MetricPartial, task: PredictionTask) {
        self.key = key
        self.partial = partial
        metrics = partial.metrics(for: task).map { Metric(name: $0.name, value: $0.value) }
    }

    /// The value of metric `name`, or nil when the task does not report it.
    public func value(of name: MetricName) -> Double? { metrics.first { $0.name == name }?.value }
}
