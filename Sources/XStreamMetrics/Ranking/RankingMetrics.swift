/// The ROC AUC and the average precision of a set of rows, exact: integer counts, one correctly rounded
/// division for the AUC, correctly rounded quotients summed exactly for the average precision.
///
/// Over the distinct scores s ascending, with P positive and N negative rows:
/// - `roc_auc` = (2·Σ_pos #neg(s < s_pos) + Σ_pos #neg(s = s_pos)) / (2·P·N), i.e. Σ_s pos(s)·(2·neg(< s) +
///   neg(s)) / (2·P·N): ties count one half;
/// - `average_precision` (scikit-learn's): over thresholds t = the distinct scores, descending, with tp_t =
///   #pos(s ≥ t) and fp_t = #neg(s ≥ t), Σ_t of the correctly rounded quotient (tp_t − tp_prev)·tp_t /
///   (P·(tp_t + fp_t)), summed exactly and rounded once.
///
/// Counts are below 2^63 each (they are rows), so 2·neg(< s) + neg(s) ≤ 2N fits 64 bits and every numerator and
/// denominator, at most 2·P·N or P·(P + N), is below 2^127: 128-bit integers hold them exactly.
public struct RankingMetrics: Sendable, Equatable {
    /// The area under the ROC curve; NaN without both classes.
    public var rocAUC: Double
    /// The average precision; NaN without positive rows.
    public var averagePrecision: Double

    /// The metrics as report entries, in report order.
    public var entries: [(name: MetricName, value: Double)] {
        [(.rocAUC, rocAUC), (.averagePrecision, averagePrecision)]
    }

    /// The metrics of `ranking`'s rows, from one pass over its merged runs.
    /// - Throws: ``XStreamError`` when a spilled run cannot be read back or does not hold what was written.
    package init(_ ranking: ScoreRanking) throws {
        let total = (positives: ranking.positives, negatives: ranking.negatives)
        let merge = try ranking.merged()
        var negativesBelow: UInt64 = 0
        var positivesBelow: UInt64 = 0
        var aucNumerator: UInt128 = 0
        var precisionSum = ExactSum()
        var quotients: [Double] = []
        quotients.reserveCapacity(SortedKeysSource.batchCount)
        var batch: [ScoreEntry] = []
        let allPositives = UInt128(total.positives)
        while true {
            try merge.next(&batch)
            if batch.isEmpty { break }
            quotients.removeAll(keepingCapacity: true)
            for entry in batch {
                aucNumerator += UInt128(entry.positives) * UInt128(2 * negativesBelow + entry.negatives)
                if entry.positives > 0 {
                    let truePositives = UInt128(total.positives - positivesBelow)
                    let falsePositives = UInt128(total.negatives - negativesBelow)
                    quotients.append(
                        ExactRatio.quotient(
                            UInt128(entry.positives) * truePositives, allPositives * (truePositives + falsePositives)))
                }
                negativesBelow += entry.negatives
                positivesBelow += entry.positives
            }
            quotients.withUnsafeBufferPointer { precisionSum.add(contentsOf: $0) }
        }
        precondition(
            positivesBelow == total.positives && negativesBelow == total.negatives,
            "the merged runs hold the rows counted")
        rocAUC =
            total.positives > 0 && total.negatives > 0
            ? ExactRatio.quotient(aucNumerator, 2 * allPositives * UInt128(total.negatives)) : .nan
        averagePrecision = total.positives > 0 ? precisionSum.value : .nan
    }

    public static func == (lhs: RankingMetrics, rhs: RankingMetrics) -> Bool {
        lhs.rocAUC.bitPattern == rhs.rocAUC.bitPattern
            && lhs.averagePrecision.bitPattern == rhs.averagePrecision.bitPattern
    }
}
