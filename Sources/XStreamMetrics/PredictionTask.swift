/// What the predictions are, which decides the per-row terms and the metrics reported.
public enum PredictionTask: String, CaseIterable, Sendable, Codable {
    /// One label y in [0, 1] and one probability p: cross-entropy, MAE, accuracy.
    case binary
    /// One class index k in 0..<K and K probabilities: cross-entropy, MAE over N·K elements, accuracy.
    case multiclass
    /// K target probabilities and K predicted probabilities: soft-label cross-entropy H(P, Q), MAE over N·K.
    case soft
    /// One target and one prediction: MAE, MSE, RMSE.
    case regression

    /// The column used as the one prediction when predictions are not named and the header has it: `pred`
    /// for the tasks with one prediction column.
    public var preferredPredictionColumn: String? {
        switch self {
        case .binary, .regression: "pred"
        case .multiclass, .soft: nil
        }
    }

    /// The metrics this task reports, in report order.
    public var metrics: [MetricName] {
        switch self {
        case .binary, .multiclass: [.crossEntropy, .mae, .accuracy]
        case .soft: [.crossEntropy, .mae]
        case .regression: [.mae, .mse, .rmse]
        }
    }
}
