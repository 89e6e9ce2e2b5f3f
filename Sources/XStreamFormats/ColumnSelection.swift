/// Which columns hold the labels and the predictions: names, or shell-style patterns (`p_*`) matched against
/// the header in header order.
public struct ColumnSelection: Sendable, Equatable {
    /// Label columns; nil means the format's default (`label` for CSV and structured `.npy`, `0` for 2-D `.npy`).
    public var labels: [String]?
    /// Prediction columns; nil means ``preferredPrediction`` when the header has it, else every column that is
    /// neither a label nor ignored, in header order.
    public var predictions: [String]?
    /// Columns left out of the default predictions and of every pattern (`id`, `timestamp`, `model_*`).
    public var ignored: [String]
    /// The one prediction column used by default when the header has it (`pred` for the binary and
    /// regression tasks).
    public var preferredPrediction: String?
    /// The column of per-row sample weights (a name, not a pattern); nil for an unweighted evaluation. It is
    /// never a default prediction.
    public var weight: String?
    /// The columns whose values key the slices (names, not patterns); empty for no slices.
    public var slices: [String] = []

    /// - Parameters:
    ///   - labels: Label columns, or nil for the default.
    ///   - predictions: Prediction columns, or nil for the default.
    ///   - ignored: Columns left out of the defaults and the patterns.
    ///   - preferredPrediction: The prediction column used by default when present.
    ///   - weight: The sample-weight column, or nil.
    public init(
        labels: [String]? = nil, predictions: [String]? = nil, ignored: [String] = [],
        preferredPrediction: String? = nil, weight: String? = nil
    ) {
        self.weight = weight
        self.labels = labels
        self.predictions = predictions
        self.ignored = ignored
        self.preferredPrediction = preferredPrediction
    }
}
