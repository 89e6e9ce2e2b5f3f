import XStreamFormats

/// Adds every valid row to the whole evaluation and to its slice's, each exactly as a ``RowEvaluator`` does.
///
/// Before each chunk, ``prepare(keys:)`` takes the chunk's slice keys (one per record position); the rows then
/// arrive with their positions, and a slice is made at its key's first valid row. At most `maxSlices` distinct
/// keys are kept: a row of a further key is still evaluated for the whole, and ``overflowed`` records that the
/// limit was passed.
package struct SlicedEvaluator: RowConsumer {
    /// The whole evaluation.
    package var whole: RowEvaluator
    /// One evaluator per distinct key, in the order the keys were first seen.
    package private(set) var slices: [RowEvaluator] = []
    /// The keys of ``slices``.
    package private(set) var keys: [SliceKey] = []
    /// True once a key beyond `maxSlices` was seen.
    package private(set) var overflowed = false

    private let maxSlices: Int
    private var indexOfKey: [SliceKey: Int] = [:]
    /// The key of each position of the current chunk.
    private var chunkKeys: [SliceKey] = []

    package init(whole: RowEvaluator, maxSlices: Int) {
        self.whole = whole
        self.maxSlices = maxSlices
    }

    /// Takes the slice keys of the next chunk's record positions.
    package mutating func prepare(keys chunkKeys: [SliceKey]) {
        self.chunkKeys = chunkKeys
    }

    /// The slice of the valid row at chunk position `position`, made when its key is new (so an invalid
    /// row's key makes no slice); -1 past the limit.
    private mutating func slice(at position: Int) -> Int {
        guard position < chunkKeys.count else { return -1 }
        let key = chunkKeys[position]
        if let index = indexOfKey[key] { return index }
        guard keys.count < maxSlices else {
            overflowed = true
            return -1
        }
        indexOfKey[key] = keys.count
        keys.append(key)
        var evaluator = RowEvaluator(
            settings: whole.settings, labelCount: whole.labelCount, predictionCount: whole.predictionCount,
            weighted: whole.weighted)
        evaluator.partial = MetricPartial()
        if whole.weighted { evaluator.partial.weighted = WeightedSums() }
        slices.append(evaluator)
        return keys.count - 1
    }

    /// The slices' partials by key.
    package var partials: [SliceKey: MetricPartial] {
        Dictionary(uniqueKeysWithValues: zip(keys, slices.map(\.partial)))
    }

    package mutating func consume(rows: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
        consume(rows: rows, count: count, firstPosition: 0)
    }

    package mutating func consume(rows: UnsafePointer<Double>, count: Int, firstPosition: Int) -> (
        accepted: Int, problem: RowProblem?
    ) {
        let stride = whole.labelCount + whole.predictionCount + (whole.weighted ? 1 : 0)
        for index in 0..<count {
            let row = rows + index * stride
            let (accepted, problem) = whole.consume(rows: row, count: 1)
            guard accepted == 1 else { return (index, problem) }
            let slice = slice(at: firstPosition + index)
            if slice >= 0 { _ = slices[slice].consume(rows: row, count: 1) }
        }
        return (count, nil)
    }

    package func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String {
        whole.describe(problem, columns: columns)
    }
}
