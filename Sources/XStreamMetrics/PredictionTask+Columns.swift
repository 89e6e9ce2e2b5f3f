import XStreamCodecs
import XStreamFormats

extension PredictionTask {
    /// Checks that an input's label and prediction columns fit the task: one of each for binary and
    /// regression, a class index and two or more probabilities for multiclass, as many targets as
    /// predictions for soft labels.
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the input and the columns it got.
    package func checkColumns(_ columns: ResolvedColumns, input: String) throws {
        let labels = columns.labelCount
        let predictions = columns.predictionCount
        let expectation: String
        switch self {
        case .binary, .regression:
            guard labels != 1 || predictions != 1 else { return }
            expectation = "one label column and one prediction column"
        case .multiclass:
            guard labels != 1 || predictions < 2 else { return }
            expectation = "one label column (the class index) and two or more prediction columns"
        case .soft:
            guard labels == 0 || labels != predictions else { return }
            expectation = "as many label columns (the target distribution) as prediction columns"
        }
        let list = { (names: ArraySlice<String>) in ResolvedColumns.list(names, limit: 40) }
        throw XStreamError(
            .invalidHeader,
            "the \(rawValue) task needs \(expectation); got labels [\(list(columns.labelNames))] and predictions [\(list(columns.predictionNames))]",
            at: Location(input), remedy: .chooseColumns)
    }
}
