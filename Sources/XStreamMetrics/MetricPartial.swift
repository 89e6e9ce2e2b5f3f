/// The exact partial state of an evaluation: counts and exact sums of the per-row terms.
///
/// Partials of any split of the rows merge into the same state, so the final means do not depend on
/// threads, chunk sizes or input order. `Codable`: partials can be stored and merged elsewhere.
public struct MetricPartial: Sendable, Codable, Equatable {
    /// Valid rows evaluated.
    public var rows = 0
    /// Elements behind the MAE: rows for binary and regression, rows · K for multiclass and soft.
    public var elements = 0
    /// Rows whose predicted class is the labelled class (binary and multiclass).
    public var correct = 0
    /// Σ of cross-entropy terms (for soft: Σ y·log(clip q), negated only in the final mean).
    public var crossEntropy = ExactSum()
    /// Σ |y - p| over elements.
    public var absoluteError = ExactSum()
    /// Σ (y - ŷ)² (regression).
    public var squaredError = ExactSum()
    /// With a weight column: the weighted sums, which the means are taken from (the unweighted sums above
    /// then stay empty); nil for an unweighted evaluation.
    public var weighted: WeightedSums?
    /// With the ranking metrics: every row's score by label; nil otherwise.
    public var ranking: ScoreRanking?

    /// An empty partial.
    public init() {}

    /// Adds another partial's rows and sums, exactly.
    public mutating func merge(_ other: MetricPartial) {
        rows += other.rows
        elements += other.elements
        correct += other.correct
        crossEntropy.add(other.crossEntropy)
        absoluteError.add(other.absoluteError)
        squaredError.add(other.squaredError)
        if let theirs = other.weighted {
            weighted = weighted ?? WeightedSums()
            weighted!.merge(theirs)
        }
        if let theirs = other.ranking {
            ranking = ranking ?? ScoreRanking()
            ranking!.merge(theirs)
        }
    }

    /// The dataset-level metrics of `task`: each mean is the correctly rounded exact sum divided by the count.
    /// - Returns: metric name → value, in ``PredictionTask/metrics`` order; empty when there are no rows.
    public func metrics(for task: PredictionTask) -> [(name: MetricName, value: Double)] {
        guard rows > 0 else { return [] }
        if let weighted { return weighted.metrics(for: task, rows: rows, elements: elements) }
        let n = Double(rows)
        let mae = absoluteError.value / Double(elements)
        switch task {
        case .binary, .multiclass:
            return [
                (.crossEntropy, crossEntropy.value / n), (.mae, mae), (.accuracy, Double(correct) / n),
            ]
        case .soft:
            return [(.crossEntropy, -crossEntropy.value / n), (.mae, mae)]
        case .regression:
            let mse = squaredError.value / n
            return [(.mae, mae), (.mse, mse), (.rmse, mse.squareRoot())]
        }
    }
}
