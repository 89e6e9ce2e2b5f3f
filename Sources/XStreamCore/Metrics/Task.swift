/// What the predictions are, which decides the per-row terms and the metrics reported.
public enum Task: String, CaseIterable, Sendable, Codable {
    /// One label y in [0, 1] and one probability p: cross-entropy, MAE, accuracy.
    case binary
    /// One class index k in 0..<K and K probabilities: cross-entropy, MAE over N·K elements, accuracy.
    case multiclass
    /// K target probabilities and K predicted probabilities: soft-label cross-entropy H(P, Q), MAE over N·K.
    case soft
    /// One target and one prediction: MAE, MSE, RMSE.
    case regression

    /// The metric names this task reports, in report order.
    public var metricNames: [String] {
        switch self {
        case .binary, .multiclass: ["cross_entropy", "mae", "accuracy"]
        case .soft: ["cross_entropy", "mae"]
        case .regression: ["mae", "mse", "rmse"]
        }
    }
}

/// How rows are turned into terms and which rows are valid.
public struct EvaluationSettings: Sendable {
    /// The machine epsilon of doubles, the clipping bound scikit-learn uses.
    public static let defaultEpsilon = 2.220446049250313e-16
    /// How far a probability row's sum may be from 1. Accepts float32 softmax output and values printed
    /// with four or more decimals for up to ten classes; rejects logits passed as probabilities.
    public static let defaultSumTolerance = 1e-3

    /// The task.
    public var task: Task
    /// Probabilities are clipped to [eps, 1 - eps] before their log is taken.
    public var epsilon: Double
    /// The largest accepted |Σp - 1| for multiclass and soft rows.
    public var sumTolerance: Double

    /// - Parameters:
    ///   - task: The task.
    ///   - epsilon: The clipping bound; 0 allowed (a log of 0 then makes the loss infinite).
    ///   - sumTolerance: The largest accepted |Σp - 1| for multiclass and soft rows.
    public init(task: Task, epsilon: Double = defaultEpsilon, sumTolerance: Double = defaultSumTolerance) {
        self.task = task
        self.epsilon = epsilon
        self.sumTolerance = sumTolerance
    }
}
