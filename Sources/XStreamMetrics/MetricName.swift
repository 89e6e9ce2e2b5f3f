/// The name of a reported metric: its key in the JSON report and its name in gates.
public enum MetricName: String, CaseIterable, Sendable, Codable {
    /// Mean cross-entropy (log loss).
    case crossEntropy = "cross_entropy"
    /// Mean absolute error over elements.
    case mae
    /// Fraction of rows whose predicted class is the labelled one.
    case accuracy
    /// Mean squared error (regression).
    case mse
    /// Square root of the mean squared error (regression).
    case rmse
    /// Area under the ROC curve, ties counting one half (binary, when asked for).
    case rocAUC = "roc_auc"
    /// Average precision, scikit-learn's definition (binary, when asked for).
    case averagePrecision = "average_precision"

    /// The ranking metrics, in report order: reported after the task's when asked for.
    public static let ranking: [MetricName] = [.rocAUC, .averagePrecision]
}
