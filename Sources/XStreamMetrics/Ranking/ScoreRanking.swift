/// The scores of one set of rows (the whole evaluation, or one slice) by label: what the ROC AUC and the
/// average precision are computed from, exactly.
///
/// Rows come in as the order-preserving keys of their scores (``ScoreEntry/key(_:)``), 8 bytes a row, in one
/// buffer per label. A buffer is sorted (``RadixSort``) either when its owner spills it to a temporary file
/// (``spill(to:scratch:)``: a ``SpilledRun`` of distinct scores with their counts) to stay within a memory
/// budget, or at the end (``seal(scratch:)``). The metrics come from one streaming k-way merge of every run
/// (``ScoreMerge``). Any split of the rows into runs, workers or partials gives the same merged run, so the
/// same bits.
public struct ScoreRanking: Sendable {
    /// Positive rows (label 1) added.
    public var positives: UInt64 { runPositives + UInt64(positiveKeys.count) }
    /// Negative rows (label 0) added.
    public var negatives: UInt64 { runNegatives + UInt64(negativeKeys.count) }
    /// The rows of the runs (not of the unsorted buffers).
    private var runPositives: UInt64 = 0
    private var runNegatives: UInt64 = 0
    /// Keys of the rows added since the last spill or seal, unsorted.
    private var positiveKeys: [UInt64] = []
    private var negativeKeys: [UInt64] = []
    /// Sealed runs: each a pair of sorted key lists.
    private var sortedRuns: [(positives: [UInt64], negatives: [UInt64])] = []
    /// Runs of distinct scores held in memory (read from partials).
    private var entryRuns: [[ScoreEntry]] = []
    /// Runs spilled to temporary files.
    private var spilledRuns: [SpilledRun] = []

    /// No rows.
    public init() {}

    /// The ranking of a run of distinct scores read from a partial.
    package init(entries: [ScoreEntry], positives: UInt64, negatives: UInt64) {
        runPositives = positives
        runNegatives = negatives
        if !entries.isEmpty { entryRuns = [entries] }
    }

    /// Adds rows of (label, score) pairs, labels exactly 0 or 1.
    /// - Parameters:
    ///   - rows: `count` rows of `stride` values, the label at offset 0 and the score at offset 1.
    package mutating func add(_ rows: UnsafePointer<Double>, count: Int, stride: Int) {
        guard count > 0 else { return }
        // Split into two runs of keys first, then appended in bulk: one capacity check per run, not per row.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * count) { keys in
            let positives = keys.baseAddress!
            let negatives = positives + count
            var positiveCount = 0
            var negativeCount = 0
            for index in 0..<count {
                let row = rows + index * stride
                let key = ScoreEntry.key(row[1])
                // Labels come at random: both stores, one count advanced, no branch to mispredict.
                let isPositive = row[0] == 1 ? 1 : 0
                positives[positiveCount] = key
                negatives[negativeCount] = key
                positiveCount += isPositive
                negativeCount += 1 - isPositive
            }
            positiveKeys.append(contentsOf: UnsafeBufferPointer(start: positives, count: positiveCount))
            negativeKeys.append(contentsOf: UnsafeBufferPointer(start: negatives, count: negativeCount))
        }
    }

    /// The bytes this ranking's unsorted buffers and in-memory runs hold (what a spill can give back).
    package var bufferedBytes: Int { 8 * (positiveKeys.capacity + negativeKeys.capacity) }

    /// Sorts the unsorted rows into a run kept in memory.
    package mutating func seal(scratch: inout [UInt64]) {
        guard !positiveKeys.isEmpty || !negativeKeys.isEmpty else { return }
        RadixSort.sort(&positiveKeys, scratch: &scratch)
        RadixSort.sort(&negativeKeys, scratch: &scratch)
        count(positiveKeys.count, negativeKeys.count)
        sortedRuns.append((positiveKeys, negativeKeys))
        positiveKeys = []
        negativeKeys = []
    }

    /// Sorts the unsorted rows and writes them, as distinct scores with their counts, to a temporary file in
    /// `directory`, and frees the buffers.
    /// - Throws: ``XStreamError`` (`outputFailed`) when the file cannot be written.
    package mutating func spill(to directory: String, scratch: inout [UInt64]) throws {
        guard !positiveKeys.isEmpty || !negativeKeys.isEmpty else { return }
        RadixSort.sort(&positiveKeys, scratch: &scratch)
        RadixSort.sort(&negativeKeys, scratch: &scratch)
        let run = try SpilledRun(
            SortedKeysSource(positives: positiveKeys, negatives: negativeKeys), directory: directory)
        count(positiveKeys.count, negativeKeys.count)
        spilledRuns.append(run)
        positiveKeys = []
        negativeKeys = []
    }

    private mutating func count(_ positiveRows: Int, _ negativeRows: Int) {
        runPositives += UInt64(positiveRows)
        runNegatives += UInt64(negativeRows)
    }

    /// Adds another ranking's rows and runs (its unsorted rows are appended to this one's).
    package mutating func merge(_ other: ScoreRanking) {
        runPositives += other.runPositives
        runNegatives += other.runNegatives
        positiveKeys += other.positiveKeys
        negativeKeys += other.negativeKeys
        sortedRuns += other.sortedRuns
        entryRuns += other.entryRuns
        spilledRuns += other.spilledRuns
    }

    /// Every run as one merged stream of distinct scores, ascending.
    /// - Throws: ``XStreamError`` when a spilled run cannot be opened.
    package func merged() throws -> any ScoreEntrySource {
        var scratch: [UInt64] = []
        var unsorted = (positiveKeys, negativeKeys)
        RadixSort.sort(&unsorted.0, scratch: &scratch)
        RadixSort.sort(&unsorted.1, scratch: &scratch)
        var sources: [any ScoreEntrySource] = []
        for run in sortedRuns + [unsorted] where !run.0.isEmpty || !run.1.isEmpty {
            sources.append(SortedKeysSource(positives: run.0, negatives: run.1))
        }
        sources += entryRuns.map(EntryArraySource.init)
        sources += try spilledRuns.map { try $0.reader() }
        return ScoreMerge(sources)
    }

    /// Every run merged into one list of distinct scores, ascending (what a partial stores).
    /// - Throws: ``XStreamError`` when a spilled run cannot be read back.
    package func mergedEntries() throws -> [ScoreEntry] {
        let merge = try merged()
        var entries: [ScoreEntry] = []
        var batch: [ScoreEntry] = []
        while true {
            try merge.next(&batch)
            if batch.isEmpty { return entries }
            entries += batch
        }
    }

    /// Runs held in memory are read into one (spilled runs included), so that nothing refers to a temporary
    /// file any more.
    /// - Throws: ``XStreamError`` when a spilled run cannot be read back.
    package mutating func gatherInMemory() throws {
        guard !spilledRuns.isEmpty else { return }
        self = ScoreRanking(entries: try mergedEntries(), positives: positives, negatives: negatives)
    }
}
