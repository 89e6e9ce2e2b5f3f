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
}
