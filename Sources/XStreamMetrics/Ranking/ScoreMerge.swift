/// The k-way merge of sorted runs into one, in one streaming pass: entries of equal key in several runs are
/// counted into one. Memory is one batch per run.
package final class ScoreMerge: ScoreEntrySource {
    private let sources: [any ScoreEntrySource]
    private var batches: [[ScoreEntry]]
    private var positions: [Int]
    /// Runs that still have entries, as a binary min-heap on their current key.
    private var heap: [Int] = []
    private var started = false

    package init(_ sources: [any ScoreEntrySource]) {
        self.sources = sources
        batches = Array(repeating: [], count: sources.count)
        positions = Array(repeating: 0, count: sources.count)
    }

    /// The current key of run `run`.
    @inline(__always)
    private func key(_ run: Int) -> UInt64 { batches[run][positions[run]].key }

    /// Moves run `run` to its next entry, reading its next batch when need be.
    /// - Returns: false when the run has ended.
    private func advance(_ run: Int) throws -> Bool {
        positions[run] += 1
        if positions[run] < batches[run].count { return true }
        try sources[run].next(&batches[run])
        positions[run] = 0
        return !batches[run].isEmpty
    }

    package func next(_ batch: inout [ScoreEntry]) throws {
        if !started {
            started = true
            for run in sources.indices {
                try sources[run].next(&batches[run])
                if !batches[run].isEmpty { push(run) }
            }
        }
        if sources.count == 1 {
            // One run is already merged: its batches pass through, checked for order by the reader.
            if positions[0] < batches[0].count {
                swap(&batch, &batches[0])
                batches[0].removeAll(keepingCapacity: true)
                positions[0] = 0
                return
            }
            try sources[0].next(&batch)
            return
        }
        batch.removeAll(keepingCapacity: true)
        while batch.count < SortedKeysSource.batchCount, let first = heap.first {
            var entry = batches[first][positions[first]]
            if try advance(first) { siftDown(0) } else { popTop() }
            while let top = heap.first, key(top) == entry.key {
                let other = batches[top][positions[top]]
                entry.positives += other.positives
                entry.negatives += other.negatives
                if try advance(top) { siftDown(0) } else { popTop() }
            }
            batch.append(entry)
        }
    }

    private func push(_ run: Int) {
        heap.append(run)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard key(heap[child]) < key(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, key(heap[left + 1]) < key(heap[left]) { smallest = left + 1 }
            guard key(heap[smallest]) < key(heap[parent]) else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
