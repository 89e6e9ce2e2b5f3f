/// The k-way merge of sorted runs into one, in one streaming pass: entries of equal key in several runs are
/// counted into one. Memory is one batch per run.
package final class ScoreMerge: ScoreEntrySource {
    /// One run being merged: its source, its current batch and the position in it.
    private struct Cursor {
        var source: any ScoreEntrySource
        var batch: [ScoreEntry] = []
        var position = 0
    }

    /// A run that still has entries, with its current entry: the binary min-heap's element, by key.
    private struct Head {
        var entry: ScoreEntry
        var run: Int
    }

    private var cursors: [Cursor]
    private var heap: [Head] = []
    private var started = false

    package init(_ sources: [any ScoreEntrySource]) {
        cursors = sources.map { Cursor(source: $0) }
    }

    package func next(_ batch: inout [ScoreEntry]) throws {
        // The state is moved into locals for the loop: a class's stored properties are checked for exclusive
        // access at every use.
        var cursors = self.cursors
        var heap = self.heap
        self.cursors = []
        self.heap = []
        defer {
            self.cursors = cursors
            self.heap = heap
        }
        if !started {
            started = true
            for run in cursors.indices {
                try cursors[run].source.next(&cursors[run].batch)
                if !cursors[run].batch.isEmpty { Self.push(Head(entry: cursors[run].batch[0], run: run), &heap) }
            }
        }
        if cursors.count == 1 {
            // One run is merged already: its batches pass through.
            if cursors[0].position < cursors[0].batch.count {
                swap(&batch, &cursors[0].batch)
                cursors[0].batch.removeAll(keepingCapacity: true)
                cursors[0].position = 0
                return
            }
            try cursors[0].source.next(&batch)
            return
        }
        var heapCount = heap.count
        batch = try cursors.withUnsafeMutableBufferPointer { cursors in
            try heap.withUnsafeMutableBufferPointer { heap in
                try [ScoreEntry](unsafeUninitializedCapacity: SortedKeysSource.batchCount) { output, written in
                    written = 0
                    while written < output.count, heapCount > 0 {
                        let run = heap[0].run
                        var entry = heap[0].entry
                        try Self.advance(&cursors[run], heap, &heapCount)
                        while heapCount > 0, heap[0].entry.key == entry.key {
                            entry.positives += heap[0].entry.positives
                            entry.negatives += heap[0].entry.negatives
                            try Self.advance(&cursors[heap[0].run], heap, &heapCount)
                        }
                        output[written] = entry
                        written += 1
                    }
                }
            }
        }
        heap.removeLast(heap.count - heapCount)
    }

    /// Moves the run at the heap's top to its next entry (reading its next batch when need be), or takes it
    /// off the heap at its end.
    @inline(__always)
    private static func advance(_ cursor: inout Cursor, _ heap: UnsafeMutableBufferPointer<Head>, _ count: inout Int)
        throws
    {
        cursor.position += 1
        if cursor.position == cursor.batch.count {
            try cursor.source.next(&cursor.batch)
            cursor.position = 0
            if cursor.batch.isEmpty {
                count -= 1
                heap[0] = heap[count]
                siftDown(heap, count)
                return
            }
        }
        heap[0].entry = cursor.batch[cursor.position]
        siftDown(heap, count)
    }

    private static func push(_ head: Head, _ heap: inout [Head]) {
        heap.append(head)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].entry.key < heap[parent].entry.key else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @inline(__always)
    private static func siftDown(_ heap: UnsafeMutableBufferPointer<Head>, _ count: Int) {
        var parent = 0
        let moving = heap[0]
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var smallest = left
            if left + 1 < count, heap[left + 1].entry.key < heap[left].entry.key { smallest = left + 1 }
            guard heap[smallest].entry.key < moving.entry.key else { break }
            heap[parent] = heap[smallest]
            parent = smallest
        }
        heap[parent] = moving
    }
}
