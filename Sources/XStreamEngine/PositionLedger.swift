/// Turns chunk-local positions into input-wide line or record numbers, in bounded memory.
///
/// Chunks of an input finish in any order; each reports how many positions (lines or records) it held.
/// The ledger advances over the contiguous prefix of finished chunks and keeps only the counts of chunks
/// that finished ahead of it, at most the number of chunks in flight.
struct PositionLedger {
    /// The first chunk whose starting position is not known yet.
    private(set) var nextSequence = 0
    /// The starting position of chunk `nextSequence`.
    private(set) var nextStart: Int
    private var finishedAhead: [Int: Int] = [:]

    /// - Parameter firstPosition: The position of the first record of chunk 0.
    init(firstPosition: Int) { nextStart = firstPosition }

    /// Records that chunk `sequence` held `count` positions.
    /// - Returns: the chunks whose starting positions became known, with those positions.
    mutating func record(sequence: Int, count: Int) -> [(sequence: Int, start: Int)] {
        finishedAhead[sequence] = count
        var resolved: [(Int, Int)] = []
        while let count = finishedAhead.removeValue(forKey: nextSequence) {
            resolved.append((nextSequence, nextStart))
            nextStart += count
            nextSequence += 1
        }
        return resolved
    }
}
