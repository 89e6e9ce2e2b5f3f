import XStreamFormats

/// Adds every valid row to the whole evaluation and to its slice's, each exactly as a ``RowEvaluator`` does.
///
/// Before each chunk, ``prepare(keys:)`` takes the chunk's slice keys (one per record position); the rows then
/// arrive with their positions, and a slice is made at its key's first valid row, so an invalid row's key (a
/// null slice key, a bad value) makes no slice and does not count toward `maxSlices`. The whole evaluation
/// takes each batch as it comes; a slice's rows are staged and handed to its evaluator a few dozen at a time,
/// so that its batch loops run too (the sums are exact, so the order in which rows reach them changes
/// nothing). At most `maxSlices` distinct keys are kept: a row of a further key is still evaluated for the
/// whole, and ``overflowed`` records that the limit was passed.
package struct SlicedEvaluator: RowConsumer {
    /// The whole evaluation.
    package var whole: RowEvaluator
    /// One evaluator per distinct key, in the order the keys' first valid rows came.
    private var slices: [RowEvaluator] = []
    /// Per slice, the valid rows not yet handed to its evaluator.
    private let staging: SliceStaging
    /// The keys of ``slices``.
    private var keys: [SliceKey] = []
    /// True once a valid row of a key beyond `maxSlices` was seen.
    package private(set) var overflowed = false

    private let maxSlices: Int
    private var indexOfKey: [SliceKey: Int] = [:]
    /// The current chunk's distinct keys, and its key per record position.
    private var chunkKeys: [SliceKey] = []
    private var keyOfPosition: [Int32] = []
    /// Per key of the current chunk, its slice (``overLimit``: past the limit), or ``unresolved`` until a
    /// valid row of it comes.
    private var sliceOfKey: [Int] = []
    private static let unresolved = -2
    private static let overLimit = -1

    package init(whole: RowEvaluator, maxSlices: Int) {
        self.whole = whole
        self.maxSlices = maxSlices
        let stride = whole.labelCount + whole.predictionCount + (whole.weighted ? 1 : 0)
        // A few dozen rows, at most about 1 KiB of values (one row when a row alone is wider), so that many
        // slices of wide rows stay small next to their evaluators' own exact sums.
        staging = SliceStaging(stride: stride, rowsPerSlice: min(32, max(1, 128 / stride)))
    }

    /// Takes the slice keys of the next chunk's record positions.
    package mutating func prepare(keys chunkKeys: ChunkSliceKeys) {
        self.chunkKeys = chunkKeys.keys
        keyOfPosition = chunkKeys.keyIndices
        sliceOfKey.removeAll(keepingCapacity: true)
        sliceOfKey.append(contentsOf: repeatElement(Self.unresolved, count: chunkKeys.keys.count))
    }

    /// The slice of the current chunk's key `key`, which a valid row has: made when the key is new;
    /// ``overLimit`` past the limit.
    private mutating func resolve(_ key: Int) -> Int {
        let slice = slice(of: chunkKeys[key])
        sliceOfKey[key] = slice
        return slice
    }

    private mutating func slice(of key: SliceKey) -> Int {
        if let index = indexOfKey[key] { return index }
        guard keys.count < maxSlices else {
            overflowed = true
            return Self.overLimit
        }
        indexOfKey[key] = keys.count
        keys.append(key)
        var evaluator = RowEvaluator(
            settings: whole.settings, labelCount: whole.labelCount, predictionCount: whole.predictionCount,
            weighted: whole.weighted)
        evaluator.partial = MetricPartial()
        if whole.weighted { evaluator.partial.weighted = WeightedSums() }
        if whole.settings.ranksPredictions { evaluator.partial.ranking = ScoreRanking() }
        slices.append(evaluator)
        staging.reserve(slices: slices.count)
        return keys.count - 1
    }

    /// The bytes the rankings' unsorted buffers hold, the whole evaluation's and every slice's.
    package var rankingBytes: Int {
        slices.reduce(whole.partial.ranking?.bufferedBytes ?? 0) { $0 + ($1.partial.ranking?.bufferedBytes ?? 0) }
    }

    /// Spills rankings to temporary files in `directory`, the largest first, until at most `target` bytes stay
    /// buffered (staged rows are handed over first, so that none is left behind).
    /// - Throws: ``XStreamError`` (`outputFailed`) when a file cannot be written.
    package mutating func spillRankings(downTo target: Int, directory: String, scratch: inout [UInt64]) throws {
        for slice in slices.indices { handOver(slice) }
        var buffered = rankingBytes
        let sizes = slices.indices.map { ($0, slices[$0].partial.ranking?.bufferedBytes ?? 0) }
        if buffered > target, let bytes = whole.partial.ranking?.bufferedBytes {
            try whole.partial.ranking!.spill(to: directory, scratch: &scratch)
            buffered -= bytes
        }
        for (slice, bytes) in sizes.sorted(by: { $0.1 > $1.1 }) where buffered > target && bytes > 0 {
            try slices[slice].partial.ranking!.spill(to: directory, scratch: &scratch)
            buffered -= bytes
        }
    }

    /// Sorts every ranking's unsorted rows into a run kept in memory (at the end of the rows).
    package mutating func sealRankings(scratch: inout [UInt64]) {
        for slice in slices.indices { handOver(slice) }
        whole.partial.ranking?.seal(scratch: &scratch)
        for slice in slices.indices { slices[slice].partial.ranking?.seal(scratch: &scratch) }
    }

    /// The slices' partials by key, every staged row included.
    package mutating func partials() -> [SliceKey: MetricPartial] {
        for slice in slices.indices { handOver(slice) }
        return Dictionary(uniqueKeysWithValues: zip(keys, slices.map(\.partial)))
    }

    package mutating func consume(rows: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
        consume(rows: rows, count: count, firstPosition: 0)
    }

    /// Adds the rows to the whole evaluation, and the ones it accepts (only those) to their slices.
    package mutating func consume(rows: UnsafePointer<Double>, count: Int, firstPosition: Int) -> (
        accepted: Int, problem: RowProblem?
    ) {
        let (accepted, problem) = whole.consume(rows: rows, count: count)
        let stride = staging.stride
        for index in 0..<max(0, min(accepted, keyOfPosition.count - firstPosition)) {
            let key = Int(keyOfPosition[firstPosition + index])
            var slice = sliceOfKey[key]
            if slice == Self.unresolved { slice = resolve(key) }
            if slice >= 0, staging.stage(rows + index * stride, slice: slice) { handOver(slice) }
        }
        return (accepted, problem)
    }

    /// Hands a slice's staged rows to its evaluator: rows the whole evaluation accepted, so all are accepted.
    private mutating func handOver(_ slice: Int) {
        let (rows, count) = staging.take(slice)
        guard count > 0 else { return }
        let accepted = slices[slice].consume(rows: rows, count: count).accepted
        precondition(accepted == count, "a slice refused a row the whole evaluation accepted")
    }

    package func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String {
        whole.describe(problem, columns: columns)
    }
}
