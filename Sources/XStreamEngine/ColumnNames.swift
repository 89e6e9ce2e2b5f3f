/// The label and prediction columns a run used, by name: the same in every input.
public struct ColumnNames: Sendable, Equatable, Codable {
    /// The label columns, in slot order.
    public var labels: [String]
    /// The prediction columns, in slot order.
    public var predictions: [String]

    private enum CodingKeys: String, CodingKey {
        case labels = "label"
        case predictions = "pred"
    }

    /// - Parameters:
    ///   - labels: The label columns.
    ///   - predictions: The prediction columns.
    public init(labels: [String], predictions: [String]) {
        self.labels = labels
        self.predictions = predictions
    }
}
