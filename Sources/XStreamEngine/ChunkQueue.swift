/// Chunks read and waiting to be parsed, first in, first out.
struct ChunkQueue {
    private var chunks: [Chunk] = []
    private var head = 0

    var isEmpty: Bool { head == chunks.count }

    mutating func append(_ chunk: Chunk) { chunks.append(chunk) }

    /// The oldest chunk, or nil when there is none.
    mutating func popFirst() -> Chunk? {
        guard head < chunks.count else { return nil }
        let chunk = chunks[head]
        head += 1
        // Drop the consumed front now and then, so the storage stays as small as the chunks in flight.
        if head > 64, head * 2 > chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
        return chunk
    }
}
