/// How rows are turned into terms and which rows are valid.
public struct EvaluationSettings: Sendable {
    /// The machine epsilon of doubles, the clipping bound scikit-learn uses.
    public static let defaultEpsilon = 2.220446049250313e-16
    /// How far a probability row's sum may be from 1. Accepts float32 softmax output and values printed
    /// with four or more decimals for up to ten classes; rejects logits passed as probabilities.
    public static let defaultSumTolerance = 1e-3

    /// The task.
    public var task: PredictionTask
    /// Probabilities are clipped to [eps, 1 - eps] before their log is taken.
    public var epsilon: Double
    /// The largest accepted |Σp - 1| for multiclass and soft rows.
    public var sumTolerance: Double
    /// Whether the predictions are probabilities or logits.
    public var predictionFormat: PredictionFormat
    /// Forces every log through the C library one value at a time instead of the vector kernel (``BatchLog``).
    /// The results are the same bits either way; this is the switch to check that, or to rule the kernel out.
    public var usesScalarLog = false
    /// Whether the ranking metrics (ROC AUC, average precision) are computed (binary task, labels 0 or 1).
    public var ranksPredictions = false

    /// - Parameters:
    ///   - task: The task.
    ///   - epsilon: The clipping bound; 0 allowed (a log of 0 then makes the loss infinite).
    ///   - sumTolerance: The largest accepted |Σp - 1| for multiclass and soft rows.
    ///   - predictionFormat: Whether the predictions are probabilities or logits.
    public init(
        task: PredictionTask, epsilon: Double = defaultEpsilon, sumTolerance: Double = defaultSumTolerance,
        predictionFormat: PredictionFormat = .probability
    ) {
        self.task = task
        self.epsilon = epsilon
        self.sumTolerance = sumTolerance
        self.predictionFormat = predictionFormat
    }
}
