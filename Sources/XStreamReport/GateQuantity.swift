import XStreamCodecs
import XStreamMetrics

/// What a quality gate looks at: one of the task's metrics, or the row counts.
public enum GateQuantity: Sendable, Equatable, CustomStringConvertible {
    /// A metric of the report.
    case metric(MetricName)
    /// Valid rows evaluated.
    case rows
    /// Invalid rows skipped.
    case invalidRows

    /// The quantities a gate may name for `task`: its metrics, the ranking metrics when `ranked`, then `rows`
    /// and `invalid_rows`.
    public static func all(for task: PredictionTask, ranked: Bool = false) -> [GateQuantity] {
        (task.metrics + (ranked ? MetricName.ranking : [])).map(GateQuantity.metric) + [.rows, .invalidRows]
    }

    /// The quantity called `name` that `task` reports (with the ranking metrics when `ranked`).
    /// - Throws: ``XStreamError`` (`usage`) naming the quantities the task has, when it has no such one.
    public init(named name: String, for task: PredictionTask, ranked: Bool = false) throws {
        let all = Self.all(for: task, ranked: ranked)
        guard let quantity = all.first(where: { $0.name == name }) else {
            if task == .binary, !ranked, MetricName.ranking.contains(where: { $0.rawValue == name }) {
                throw XStreamError(
                    .usage, "\(name) is reported only when the ranking metrics are computed",
                    remedy: .computeRankingMetrics)
            }
            let known = all.map(\.name).joined(separator: ", ")
            throw XStreamError(
                .usage,
                "the \(task.rawValue) task has no metric \"\(EscapedText.printable(name))\"; gates can name \(known)")
        }
        self = quantity
    }

    /// The name in reports and gate expressions: the metric's JSON key, `rows` or `invalid_rows`.
    public var name: String {
        switch self {
        case .metric(let metric): metric.rawValue
        case .rows: "rows"
        case .invalidRows: "invalid_rows"
        }
    }

    /// The name, as ``name``.
    public var description: String { name }

    /// Its value in `report`, or nil when the report does not hold it.
    public func value(in report: EvaluationReport) -> Double? {
        switch self {
        case .metric(let metric): report.metrics[metric]
        case .rows: Double(report.rows)
        case .invalidRows: Double(report.invalidRows)
        }
    }
}
