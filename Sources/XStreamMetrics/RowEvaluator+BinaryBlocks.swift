#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The block loop of the general path for its common rows: binary, hard labels, weighted or not,
/// probabilities or logits. Each block's rows are checked first, then their terms computed, then added as runs
/// (weighted: the products' rounded values and errors as two runs), so the exact sums take their fast path.
/// The terms and products are exactly those of `evaluateGeneral`; only the order of exact additions differs,
/// which changes no bit.
extension RowEvaluator {
    /// - Returns: the rows added: every row up to the first block holding a soft label or an invalid value,
    ///   which is left, with the rest, to the row-by-row loop.
    mutating func addBinaryBlocks(_ rows: UnsafePointer<Double>, _ count: Int) -> Int {
        let stride = weighted ? 3 : 2
        let logits = settings.predictionFormat == .logit
        let blockRows = Self.blockRows
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 6 * blockRows) { scratch in
            let terms = scratch.baseAddress!
            let errors = terms + blockRows
            let weights = errors + blockRows
            let correctWeights = weights + blockRows
            let products = correctWeights + blockRows
            var added = 0
            while added < count {
                let block = rows + stride * added
                let blockCount = min(blockRows, count - added)
                var valid = true
                for i in 0..<blockCount {
                    let y = block[i * stride]
                    let v = block[i * stride + 1]
                    let w = weighted ? block[i * stride + 2] : 1
                    valid = valid && (y == 0 || y == 1) && (logits || (v >= 0 && v <= 1)) && w >= 0
                }
                guard valid else { break }
                var correct = 0
                for i in 0..<blockCount {
                    let y = block[i * stride]
                    let v = block[i * stride + 1]
                    let isCorrect: Bool
                    if logits {
                        // exp(−|z|) is exp(−z) for z ≥ 0 and exp(z) below: the one exp both the term and p use.
                        let e = exp(-abs(v))
                        terms[i] = (max(v, 0) - y * v) + log1p(e)
                        errors[i] = abs(y - (v >= 0 ? 1 / (1 + e) : e / (1 + e)))
                        isCorrect = (v >= 0) == (y >= 0.5)
                    } else {
                        // The log's argument; the logs are taken for the whole block below.
                        let c = clip(v)
                        terms[i] = y == 1 ? c : 1 - c
                        errors[i] = abs(y - v)
                        isCorrect = (v >= 0.5) == (y >= 0.5)
                    }
                    correct += isCorrect ? 1 : 0
                    if weighted {
                        weights[i] = block[i * stride + 2]
                        correctWeights[i] = isCorrect ? weights[i] : 0
                    }
                }
                if !logits {
                    batchLog.apply(terms, count: blockCount)
                    for i in 0..<blockCount { terms[i] = -terms[i] }
                }
                partial.rows += blockCount
                partial.elements += blockCount
                partial.correct += correct
                if weighted {
                    partial.weighted!.weight.add(contentsOf: UnsafeBufferPointer(start: weights, count: blockCount))
                    partial.weighted!.correct.add(
                        contentsOf: UnsafeBufferPointer(start: correctWeights, count: blockCount))
                    partial.weighted!.crossEntropy.add(
                        weights: weights, terms: terms, count: blockCount, scratch: products)
                    partial.weighted!.absoluteError.add(
                        weights: weights, terms: errors, count: blockCount, scratch: products)
                } else {
                    partial.crossEntropy.add(contentsOf: UnsafeBufferPointer(start: terms, count: blockCount))
                    partial.absoluteError.add(contentsOf: UnsafeBufferPointer(start: errors, count: blockCount))
                }
                added += blockCount
            }
            return added
        }
    }
}
