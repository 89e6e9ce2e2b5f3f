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

    /// The slice of `key` with `partial`'s metrics for `task`, and the ranking metrics when it has a ranking.
    /// - Throws: ``XStreamError`` when the ranking's temporary files cannot be read back.
    public init(key: SliceKey, partial: MetricPartial, task: PredictionTask) throws {
        self.key = key
        self.partial = partial
        metrics = try partial.reportedMetrics(for: task)
    }

    /// The value of metric `name`, or nil when the task does not report it.
    public func value(of name: MetricName) -> Double? { metrics.first { $0.name == name }?.value }
}
