import XStreamFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The row-by-row loop for weighted rows and for logits: the same checks and terms as the batch loops for
/// probabilities, the logit terms as documented, and each term added either as it is or, with a weight w,
/// as the exact product w·t.
extension RowEvaluator {
    /// Checks rows and adds the terms of each valid one, stopping at the first invalid row: binary rows a
    /// block at a time while the blocks allow it (`RowEvaluator+BinaryBlocks`), the rest one after another.
    /// A weighted row holds its weight in the slot after its predictions.
    mutating func consumeGeneral(rows: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
        let stride = labelCount + predictionCount + (weighted ? 1 : 0)
        let added = settings.task == .binary ? addBinaryBlocks(rows, count) : 0
        var row = rows + added * stride
        for index in added..<count {
            if let problem = evaluateGeneral(row, weightSlot: stride - 1) { return (index, problem) }
            row += stride
        }
        return (count, nil)
    }

    /// The weight check comes after the task's checks: the weight slot is the last one.
    private mutating func evaluateGeneral(_ row: UnsafePointer<Double>, weightSlot: Int) -> RowProblem? {
        let w = weighted ? row[weightSlot] : 1
        let logits = settings.predictionFormat == .logit
        switch settings.task {
        case .binary:
            let y = row[0]
            let z = row[1]
            guard y >= 0, y <= 1 else { return RowProblem(reason: .labelOutOfRange, slot: 0, value: y) }
            if settings.ranksPredictions, y != 0, y != 1 {
                return RowProblem(reason: .softLabel, slot: 0, value: y)
            }
            if !logits {
                guard z >= 0, z <= 1 else { return RowProblem(reason: .probabilityOutOfRange, slot: 1, value: z) }
            }
            if let problem = checkWeight(w, slot: weightSlot) { return problem }
            addRow(weight: w, elements: 1)
            if logits {
                let p = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
                addCrossEntropy(Self.binaryLogitTerm(y, z), weight: w)
                addAbsoluteError(abs(y - p), weight: w)
                if (z >= 0) == (y >= 0.5) { addCorrect(weight: w) }
            } else {
                let c = clip(z)
                let term = y == 0 || y == 1 ? -log(y == 1 ? c : 1 - c) : -(y * log(c) + (1 - y) * log(1 - c))
                addCrossEntropy(term, weight: w)
                addAbsoluteError(abs(y - z), weight: w)
                if (z >= 0.5) == (y >= 0.5) { addCorrect(weight: w) }
            }
        case .multiclass:
            let label = row[0]
            guard label >= 0, label < Double(predictionCount), label.rounded(.towardZero) == label else {
                return RowProblem(reason: .invalidClassIndex, slot: 0, value: label)
            }
            let predictions = row + 1
            if !logits,
                let problem = checkDistribution(
                    predictions, firstSlot: 1, reason: .probabilityOutOfRange, sumReason: .probabilitySum)
            {
                return problem
            }
            if let problem = checkWeight(w, slot: weightSlot) { return problem }
            let k = Int(label)
            addRow(weight: w, elements: predictionCount)
            var best = 0
            for j in 0..<predictionCount where predictions[j] > predictions[best] { best = j }
            if best == k { addCorrect(weight: w) }
            if logits {
                let softmax = Self.softmax(predictions, predictionCount)
                addCrossEntropy(softmax.logSumExp - predictions[k], weight: w)
                for j in 0..<predictionCount {
                    let p = exp(predictions[j] - softmax.maximum) / softmax.sum
                    addAbsoluteError(j == k ? abs(1 - p) : abs(0 - p), weight: w)
                }
            } else {
                addCrossEntropy(-log(clip(predictions[k])), weight: w)
                for j in 0..<predictionCount {
                    let p = predictions[j]
                    addAbsoluteError(j == k ? abs(1 - p) : abs(0 - p), weight: w)
                }
            }
        case .soft:
            let targets = row
            let predictions = row + labelCount
            if let problem = checkDistribution(targets, firstSlot: 0, reason: .labelOutOfRange, sumReason: .targetSum) {
                return problem
            }
            if !logits,
                let problem = checkDistribution(
                    predictions, firstSlot: labelCount, reason: .probabilityOutOfRange, sumReason: .probabilitySum)
            {
                return problem
            }
            if let problem = checkWeight(w, slot: weightSlot) { return problem }
            addRow(weight: w, elements: predictionCount)
            if logits {
                let softmax = Self.softmax(predictions, predictionCount)
                for j in 0..<predictionCount {
                    let y = targets[j]
                    // The sum holds −y·(lse − z) (negated exactly), as it holds y·log(q) for probabilities.
                    if y != 0 { addCrossEntropy(-(y * (softmax.logSumExp - predictions[j])), weight: w) }
                    let p = exp(predictions[j] - softmax.maximum) / softmax.sum
                    addAbsoluteError(abs(y - p), weight: w)
                }
            } else {
                for j in 0..<predictionCount {
                    let y = targets[j]
                    let q = predictions[j]
                    if y != 0 { addCrossEntropy(y * log(clip(q)), weight: w) }
                    addAbsoluteError(abs(y - q), weight: w)
                }
            }
        case .regression:
            if let problem = checkWeight(w, slot: weightSlot) { return problem }
            let d = row[0] - row[1]
            addRow(weight: w, elements: 1)
            addAbsoluteError(abs(d), weight: w)
            if weighted {
                partial.weighted!.squaredError.add(weight: w, term: d * d)
            } else {
                partial.squaredError.add(d * d)
            }
        }
        return nil
    }

    /// The binary cross-entropy of logit z against label y, in the documented order of operations:
    /// `(max(z, 0) − y·z) + log1p(exp(−|z|))`.
    @inline(__always)
    static func binaryLogitTerm(_ y: Double, _ z: Double) -> Double {
        let a = max(z, 0)
        let b = y * z
        let c = log1p(exp(-abs(z)))
        return (a - b) + c
    }

    /// The softmax's parts for K logits: the largest, the correctly rounded Σ exp(z_j − m), and m + log of it.
    static func softmax(_ z: UnsafePointer<Double>, _ count: Int) -> (maximum: Double, sum: Double, logSumExp: Double) {
        var m = z[0]
        for j in 1..<max(count, 1) where z[j] > m { m = z[j] }
        var total = ExactSum()
        for j in 0..<count { total.add(exp(z[j] - m)) }
        let s = total.value
        return (m, s, m + log(s))
    }

    @inline(__always)
    private func checkWeight(_ w: Double, slot: Int) -> RowProblem? {
        w >= 0 ? nil : RowProblem(reason: .invalidWeight, slot: slot, value: w)
    }

    @inline(__always)
    private mutating func addRow(weight w: Double, elements: Int) {
        partial.rows += 1
        partial.elements += elements
        if weighted { partial.weighted!.weight.add(w) }
    }

    @inline(__always)
    private mutating func addCorrect(weight w: Double) {
        partial.correct += 1
        if weighted { partial.weighted!.correct.add(w) }
    }

    @inline(__always)
    private mutating func addCrossEntropy(_ t: Double, weight w: Double) {
        if weighted {
            partial.weighted!.crossEntropy.add(weight: w, term: t)
        } else {
            partial.crossEntropy.add(t)
        }
    }

    @inline(__always)
    private mutating func addAbsoluteError(_ t: Double, weight w: Double) {
        if weighted {
            partial.weighted!.absoluteError.add(weight: w, term: t)
        } else {
            partial.absoluteError.add(t)
        }
    }
}
