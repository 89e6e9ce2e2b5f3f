/// Which columns hold the labels and the predictions, by name.
public struct ColumnSelection: Sendable, Equatable {
    /// Label column names; nil means the format's default (`label` for CSV and structured `.npy`, `0` for 2-D `.npy`).
    public var labels: [String]?
    /// Prediction column names; nil means every column that is not a label, in order.
    public var predictions: [String]?

    /// - Parameters:
    ///   - labels: Label column names, or nil for the default.
    ///   - predictions: Prediction column names, or nil for every other column.
    public init(labels: [String]? = nil, predictions: [String]? = nil) {
        self.labels = labels
        self.predictions = predictions
    }
}
