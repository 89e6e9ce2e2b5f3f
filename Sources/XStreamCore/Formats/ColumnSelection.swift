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

    /// Splits a comma-separated list of column names (`label,p0, p1`), trimming spaces around each name.
    public static func names(fromList list: String) -> [String] {
        list.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
    }
}

/// The columns of one input resolved against its header: field index of each value slot.
struct ResolvedColumns: Equatable {
    /// Names of the slots: labels first, then predictions.
    var slotNames: [String]
    /// The column index of each slot.
    var slotColumns: [Int]
    var labelCount: Int
    var predictionCount: Int

    /// Matches `selection` against `header`; with a `task`, also checks the column counts fit it.
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the input, for duplicate names, a missing column
    ///   (listing the columns the header has), or a column count that does not fit the task.
    init(header: [String], selection: ColumnSelection, defaultLabel: String, task: Task?, path: String) throws {
        var indexByName: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if indexByName.updateValue(index, forKey: name) != nil {
                throw XStreamError(
                    .invalidHeader, "\(path): duplicate column name \"\(EscapedText.printable(name))\" in the header")
            }
        }
        func lookUp(_ name: String) throws -> Int {
            guard let index = indexByName[name] else {
                let (name, available) = (EscapedText.printable(name), EscapedText.quotedList(header))
                throw XStreamError(
                    .invalidHeader, "\(path): no column named \"\(name)\"; the header has \(available)")
            }
            return index
        }
        let labelNames = selection.labels ?? [defaultLabel]
        let labelColumns = try labelNames.map(lookUp)
        let predictionNames = selection.predictions ?? header.filter { !labelNames.contains($0) }
        let predictionColumns = try predictionNames.map(lookUp)
        if let overlap = predictionNames.first(where: labelNames.contains) {
            throw XStreamError(
                .usage, "column \"\(EscapedText.printable(overlap))\" is named both as a label and as a prediction")
        }
        let expectation: String?
        switch task {
        case nil:
            expectation = nil
        case .binary, .regression:
            expectation =
                labelNames.count == 1 && predictionNames.count == 1
                ? nil : "one label column and one prediction column"
        case .multiclass:
            expectation =
                labelNames.count == 1 && predictionNames.count >= 2
                ? nil : "one label column (the class index) and two or more prediction columns"
        case .soft:
            expectation =
                !labelNames.isEmpty && labelNames.count == predictionNames.count
                ? nil : "as many label columns (the target distribution) as prediction columns"
        }
        if let expectation {
            let labels = EscapedText.quotedList(labelNames, limit: 40)
            let predictions = EscapedText.quotedList(predictionNames, limit: 40)
            throw XStreamError(
                .invalidHeader,
                "\(path): the \(task!.rawValue) task needs \(expectation); got labels [\(labels)] and predictions [\(predictions)] (choose them with --label and --pred)"
            )
        }
        slotNames = labelNames + predictionNames
        slotColumns = labelColumns + predictionColumns
        labelCount = labelNames.count
        predictionCount = predictionNames.count
    }
}
