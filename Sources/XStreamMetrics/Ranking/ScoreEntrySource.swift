/// Something that hands out a sorted run's entries a batch at a time, keys ascending.
package protocol ScoreEntrySource: AnyObject {
    /// Replaces `batch` with the next entries, whose keys continue the run's ascending order; empty at the end.
    /// - Throws: ``XStreamError`` when stored entries cannot be read back or fail their checks.
    func next(_ batch: inout [ScoreEntry]) throws
}

/// The entries of a run held in memory (one decoded from a partial), handed out in one batch.
package final class EntryArraySource: ScoreEntrySource {
    private var entries: [ScoreEntry]?

    package init(_ entries: [ScoreEntry]) { self.entries = entries }

    package func next(_ batch: inout [ScoreEntry]) throws {
        batch = entries ?? []
        entries = nil
    }
}

/// A run of two sorted key lists, the positive rows' and the negative rows', with equal keys counted into one
/// entry.
package final class SortedKeysSource: ScoreEntrySource {
    private let positives: [UInt64]
    private let negatives: [UInt64]
    private var positiveIndex = 0
    private var negativeIndex = 0
    /// Entries per batch.
    static let batchCount = 4096

    /// - Parameters:
    ///   - positives: The positive rows' keys, ascending.
    ///   - negatives: The negative rows' keys, ascending.
    package init(positives: [UInt64], negatives: [UInt64]) {
        self.positives = positives
        self.negatives = negatives
    }

    package func next(_ batch: inout [ScoreEntry]) throws {
        batch.removeAll(keepingCapacity: true)
        positives.withUnsafeBufferPointer { positives in
            negatives.withUnsafeBufferPointer { negatives in
                var p = positiveIndex
                var n = negativeIndex
                while batch.count < Self.batchCount, p < positives.count || n < negatives.count {
                    let key = min(p < positives.count ? positives[p] : .max, n < negatives.count ? negatives[n] : .max)
                    let firstPositive = p
                    while p < positives.count, positives[p] == key { p += 1 }
                    let firstNegative = n
                    while n < negatives.count, negatives[n] == key { n += 1 }
                    batch.append(
                        ScoreEntry(key: key, positives: UInt64(p - firstPositive), negatives: UInt64(n - firstNegative))
                    )
                }
                positiveIndex = p
                negativeIndex = n
            }
        }
    }
}
