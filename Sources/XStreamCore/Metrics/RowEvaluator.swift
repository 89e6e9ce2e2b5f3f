#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is wrong with a row, found while checking it. Cheap to create: the message is built only on demand.
struct RowProblem {
    /// Why the row is invalid.
    var reason: InvalidReason
    /// The value slot concerned (labels first, then predictions), or -1 for the whole row.
    var slot: Int
    /// The offending value, or the offending sum for the sum checks.
    var value: Double
}

/// Checks one row of values and adds its terms to a ``MetricPartial``.
///
/// The row's values sit in slots: labels first (`labelCount` of them), then predictions. The terms are
/// evaluated exactly as documented for each task, in the documented order of operations, so that an
/// independent implementation computes the same doubles.
struct RowEvaluator {
    let settings: EvaluationSettings
    let labelCount: Int
    let predictionCount: Int
    /// The partial the valid rows are added to.
    var partial = MetricPartial()

    private let lowerClip: Double
    private let upperClip: Double

    init(settings: EvaluationSettings, labelCount: Int, predictionCount: Int) {
        self.settings = settings
        self.labelCount = labelCount
        self.predictionCount = predictionCount
        lowerClip = settings.epsilon
        upperClip = 1 - settings.epsilon
    }

    @inline(__always)
    private func clip(_ p: Double) -> Double { min(max(p, lowerClip), upperClip) }

    /// Checks the row in `values` and, when it is valid, adds its terms.
    /// - Returns: nil for a valid row, else the first problem found.
    @inline(__always)
    mutating func evaluate(_ values: UnsafePointer<Double>) -> RowProblem? {
        switch settings.task {
        case .binary: return evaluateBinary(values[0], values[1])
        case .multiclass: return evaluateMulticlass(values)
        case .soft: return evaluateSoft(values)
        case .regression: return evaluateRegression(values[0], values[1])
        }
    }

    @inline(__always)
    private mutating func evaluateBinary(_ y: Double, _ p: Double) -> RowProblem? {
        guard y >= 0, y <= 1 else { return RowProblem(reason: .labelOutOfRange, slot: 0, value: y) }
        guard p >= 0, p <= 1 else { return RowProblem(reason: .probabilityOutOfRange, slot: 1, value: p) }
        let c = clip(p)
        // −(y·log(c) + (1−y)·log(1−c)); for y = 0 or 1 one product is a zero that cannot change the sum
        // (0·log 0 counts as 0, as in information theory), so only the other log is evaluated.
        // Hard labels pick their log's argument with a select, not a branch: labels are 0 or 1 at random, so a
        // branch would be mispredicted half the time.
        let term: Double
        if y == 0 || y == 1 {
            term = -log(y == 1 ? c : 1 - c)
        } else {
            term = -(y * log(c) + (1 - y) * log(1 - c))
        }
        partial.rows += 1
        partial.elements += 1
        partial.crossEntropy.add(term)
        partial.absoluteError.add(abs(y - p))
        partial.correct += (p >= 0.5) == (y >= 0.5) ? 1 : 0
        return nil
    }

    private mutating func evaluateMulticlass(_ values: UnsafePointer<Double>) -> RowProblem? {
        let label = values[0]
        guard label >= 0, label < Double(predictionCount), label.rounded(.towardZero) == label else {
            return RowProblem(reason: .invalidClassIndex, slot: 0, value: label)
        }
        let predictions = values + 1
        if let problem = checkDistribution(
            predictions, firstSlot: 1, reason: .probabilityOutOfRange,
            sumReason: .probabilitySum)
        {
            return problem
        }
        let k = Int(label)
        partial.rows += 1
        partial.elements += predictionCount
        partial.crossEntropy.add(-log(clip(predictions[k])))
        var best = 0
        for j in 0..<predictionCount {
            let p = predictions[j]
            partial.absoluteError.add(j == k ? abs(1 - p) : abs(0 - p))
            if p > predictions[best] { best = j }
        }
        if best == k { partial.correct += 1 }
        return nil
    }

    private mutating func evaluateSoft(_ values: UnsafePointer<Double>) -> RowProblem? {
        let targets = values
        let predictions = values + labelCount
        if let problem = checkDistribution(targets, firstSlot: 0, reason: .labelOutOfRange, sumReason: .targetSum) {
            return problem
        }
        if let problem = checkDistribution(
            predictions, firstSlot: labelCount, reason: .probabilityOutOfRange,
            sumReason: .probabilitySum)
        {
            return problem
        }
        partial.rows += 1
        partial.elements += predictionCount
        for j in 0..<predictionCount {
            let y = targets[j]
            let q = predictions[j]
            // y·log(clip q), with 0·log(anything) counted as 0.
            if y != 0 { partial.crossEntropy.add(y * log(clip(q))) }
            partial.absoluteError.add(abs(y - q))
        }
        return nil
    }

    @inline(__always)
    private mutating func evaluateRegression(_ y: Double, _ prediction: Double) -> RowProblem? {
        let d = y - prediction
        partial.rows += 1
        partial.elements += 1
        partial.absoluteError.add(abs(d))
        partial.squaredError.add(d * d)
        return nil
    }

    /// Each value must be in [0, 1] and the row's sum within the tolerance of 1.
    private func checkDistribution(
        _ values: UnsafePointer<Double>, firstSlot: Int, reason: InvalidReason, sumReason: InvalidReason
    ) -> RowProblem? {
        var sum = 0.0
        for j in 0..<predictionCount {
            let v = values[j]
            guard v >= 0, v <= 1 else { return RowProblem(reason: reason, slot: firstSlot + j, value: v) }
            sum += v
        }
        guard abs(sum - 1) <= settings.sumTolerance else {
            return RowProblem(reason: sumReason, slot: -1, value: sum)
        }
        return nil
    }
}
