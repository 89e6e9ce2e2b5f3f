import XStreamFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks rows of values and adds their terms to a ``MetricPartial``.
///
/// The row's values sit in slots: labels first (`labelCount` of them), then predictions. The terms are
/// evaluated exactly as documented for each task, in the documented order of operations, so that an
/// independent implementation computes the same doubles.
package struct RowEvaluator: RowConsumer {
    package let settings: EvaluationSettings
    package let labelCount: Int
    package let predictionCount: Int
    /// Whether each row ends with a weight slot (after the predictions).
    package let weighted: Bool
    /// The partial the valid rows are added to.
    package var partial = MetricPartial()
    /// The logs of the batch loops.
    let batchLog: BatchLog

    private let lowerClip: Double
    private let upperClip: Double
    /// Weighted rows and logits take the loops of `RowEvaluator+General`, so the batch loops of unweighted
    /// probabilities stay as they are.
    private let usesGeneralLoop: Bool

    package init(settings: EvaluationSettings, labelCount: Int, predictionCount: Int, weighted: Bool = false) {
        self.settings = settings
        self.labelCount = labelCount
        self.predictionCount = predictionCount
        self.weighted = weighted
        lowerClip = settings.epsilon
        upperClip = 1 - settings.epsilon
        usesGeneralLoop = weighted || settings.predictionFormat == .logit
        batchLog = BatchLog(allowsVectorKernel: !settings.usesScalarLog)
        if weighted { partial.weighted = WeightedSums() }
        if settings.ranksPredictions { partial.ranking = ScoreRanking() }
    }

    @inline(__always)
    func clip(_ p: Double) -> Double { min(max(p, lowerClip), upperClip) }

    /// Checks rows one after another and adds the terms of each valid one, stopping at the first invalid row;
    /// with the ranking metrics, the valid rows' scores are added to the ranking too.
    /// - Returns: the rows added before the first invalid one, and that row's problem (nil when all were added).
    package mutating func consume(rows: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
        let outcome = addTerms(rows: rows, count: count)
        if settings.ranksPredictions {
            partial.ranking!.add(
                rows, count: outcome.accepted, stride: labelCount + predictionCount + (weighted ? 1 : 0))
        }
        return outcome
    }

    /// The task's row loop, chosen once per batch, so each loop is specialized and inlined.
    private mutating func addTerms(rows: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
        if usesGeneralLoop { return consumeGeneral(rows: rows, count: count) }
        switch settings.task {
        case .binary:
            let added = addHardBinary(rows, count)
            if added == count { return (count, nil) }
            let (accepted, problem) = forEachRow(rows + 2 * added, count - added) {
                $0.evaluateBinary($1[0], $1[1])
            }
            return (added + accepted, problem)
        case .multiclass: return forEachRow(rows, count) { $0.evaluateMulticlass($1) }
        case .soft: return forEachRow(rows, count) { $0.evaluateSoft($1) }
        case .regression:
            addRegression(rows, count)
            return (count, nil)
        }
    }

    package func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String {
        let message = problem.message(
            slotNames: columns.slotNames, settings: settings, predictionCount: columns.predictionCount)
        guard columns.predictionsByDefault, problem.slot < 0 || columns.isDefaultPrediction(slot: problem.slot) else {
            return message
        }
        return "\(message); the predictions were taken by default: \(ResolvedColumns.list(columns.predictionNames))"
    }

    /// Rows per block of the batch loops: their two terms per row fit in 1 KiB, which is always on the stack.
    static let blockRows = 64

    /// The common binary rows, hard labels and probabilities, a block at a time in three loops: checks and log
    /// arguments for two rows at once without a branch, then the logs (``BatchLog``), then the exact sums, each
    /// loop over independent rows. The terms are exactly those ``evaluateBinary(_:_:)`` computes for such rows.
    /// - Returns: the rows added: every row up to the first block holding a soft label or an invalid value,
    ///   which is left, with the rest, to the row-by-row loop.
    private mutating func addHardBinary(_ rows: UnsafePointer<Double>, _ count: Int) -> Int {
        typealias Pair = SIMD2<Double>
        @inline(__always) func larger(_ a: Pair, _ b: Pair) -> Pair { b.replacing(with: a, where: a .> b) }
        @inline(__always) func smaller(_ a: Pair, _ b: Pair) -> Pair { b.replacing(with: a, where: a .< b) }
        @inline(__always) func magnitude(_ a: Pair) -> Pair { larger(a, -a) }
        let lower = Pair(repeating: lowerClip)
        let upper = Pair(repeating: upperClip)
        let one = Pair(repeating: 1)
        let half = Pair(repeating: 0.5)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * Self.blockRows) { scratch in
            let terms = scratch.baseAddress!
            let errors = terms + Self.blockRows
            var added = 0
            while added < count {
                let block = rows + 2 * added
                let blockCount = min(Self.blockRows, count - added)
                // max |y·(1−y)| is 0 exactly when every label is 0 or 1, and min p·(1−p) is ≥ 0 exactly when every
                // prediction is in [0, 1] (the values are finite).
                var labelSoftness = Pair()
                var predictionSpread = Pair()
                var misses = Pair()
                var i = 0
                while i < blockCount {
                    // An odd block's last pair is completed by a neutral row (label 1, prediction 1), whose outputs
                    // land past the block's end (an odd block is shorter than `blockRows`) and are never added.
                    let hasSecond = i + 1 < blockCount
                    let y = Pair(block[2 * i], hasSecond ? block[2 * i + 2] : 1)
                    let p = Pair(block[2 * i + 1], hasSecond ? block[2 * i + 3] : 1)
                    labelSoftness = larger(labelSoftness, magnitude(y * (one - y)))
                    predictionSpread = smaller(predictionSpread, p * (one - p))
                    let c = smaller(larger(p, lower), upper)
                    // c when y = 1 and 1 − c when y = 0, both exactly.
                    let argument = y * c + (one - y) * (one - c)
                    let error = magnitude(y - p)
                    terms[i] = argument[0]
                    terms[i + 1] = argument[1]
                    errors[i] = error[0]
                    errors[i + 1] = error[1]
                    misses += magnitude(y - Pair().replacing(with: one, where: p .>= half))
                    i += 2
                }
                guard labelSoftness.max() == 0, predictionSpread.min() >= 0 else { break }
                batchLog.apply(terms, count: blockCount)
                for i in 0..<blockCount { terms[i] = -terms[i] }
                partial.crossEntropy.add(contentsOf: UnsafeBufferPointer(start: terms, count: blockCount))
                partial.absoluteError.add(contentsOf: UnsafeBufferPointer(start: errors, count: blockCount))
                partial.rows += blockCount
                partial.elements += blockCount
                partial.correct += blockCount - Int(misses.sum())
                added += blockCount
            }
            return added
        }
    }

    /// Regression rows have no checks beyond finiteness: a block's terms are computed, then summed.
    private mutating func addRegression(_ rows: UnsafePointer<Double>, _ count: Int) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * Self.blockRows) { scratch in
            let absolute = scratch.baseAddress!
            let squared = absolute + Self.blockRows
            var added = 0
            while added < count {
                let block = rows + 2 * added
                let blockCount = min(Self.blockRows, count - added)
                for i in 0..<blockCount {
                    let d = block[2 * i] - block[2 * i + 1]
                    absolute[i] = abs(d)
                    squared[i] = d * d
                }
                partial.absoluteError.add(contentsOf: UnsafeBufferPointer(start: absolute, count: blockCount))
                partial.squaredError.add(contentsOf: UnsafeBufferPointer(start: squared, count: blockCount))
                added += blockCount
            }
            partial.rows += count
            partial.elements += count
        }
    }

    @inline(__always)
    private mutating func forEachRow(
        _ rows: UnsafePointer<Double>, _ count: Int,
        _ evaluateRow: (inout RowEvaluator, UnsafePointer<Double>) -> RowProblem?
    ) -> (accepted: Int, problem: RowProblem?) {
        let stride = labelCount + predictionCount
        var row = rows
        for index in 0..<count {
            if let problem = evaluateRow(&self, row) { return (index, problem) }
            row += stride
        }
        return (count, nil)
    }

    @inline(__always)
    private mutating func evaluateBinary(_ y: Double, _ p: Double) -> RowProblem? {
        guard y >= 0, y <= 1 else { return RowProblem(reason: .labelOutOfRange, slot: 0, value: y) }
        if settings.ranksPredictions, y != 0, y != 1 { return RowProblem(reason: .softLabel, slot: 0, value: y) }
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

    /// Each value must be in [0, 1] and the row's sum within the tolerance of 1.
    func checkDistribution(
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
