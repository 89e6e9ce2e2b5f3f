/// The exact sums of a weighted evaluation: the weights, and each metric's sum of weight·term.
///
/// A row's weight applies to each of its elements; the means divide by the exact weight sum (by K times it for
/// an MAE over K elements per row), each sum rounded once.
public struct WeightedSums: Sendable, Codable, Equatable {
    /// Σ w over the rows.
    public var weight = ExactSum()
    /// Σ w over the rows whose predicted class is the labelled class.
    public var correct = ExactSum()
    /// Σ w·t of the cross-entropy terms (for soft: of y·log(clip q), negated only in the final mean).
    public var crossEntropy = WeightedSum()
    /// Σ w·|y − p| over elements.
    public var absoluteError = WeightedSum()
    /// Σ w·(y − ŷ)² (regression).
    public var squaredError = WeightedSum()

    /// Empty sums.
    public init() {}

    /// Adds another evaluation's sums, exactly.
    public mutating func merge(_ other: WeightedSums) {
        weight.add(other.weight)
        correct.add(other.correct)
        crossEntropy.add(other.crossEntropy)
        absoluteError.add(other.absoluteError)
        squaredError.add(other.squaredError)
    }

    /// Σ K·w, exactly, rounded once: the denominator of an MAE over `elementsPerRow` elements per row.
    func elementWeight(elementsPerRow: Int) -> Double {
        var total = ExactSum()
        for _ in 0..<elementsPerRow { total.add(weight) }
        return total.value
    }

    /// The weighted means of `task` over `rows` rows of `elements` elements.
    func metrics(for task: PredictionTask, rows: Int, elements: Int) -> [(name: MetricName, value: Double)] {
        let total = weight.value
        let mae = absoluteError.value / elementWeight(elementsPerRow: elements / rows)
        switch task {
        case .binary, .multiclass:
            return [(.crossEntropy, crossEntropy.value / total), (.mae, mae), (.accuracy, correct.value / total)]
        case .soft:
            return [(.crossEntropy, -crossEntropy.value / total), (.mae, mae)]
        case .regression:
            let mse = squaredError.value / total
            return [(.mae, mae), (.mse, mse), (.rmse, mse.squareRoot())]
        }
    }
}
