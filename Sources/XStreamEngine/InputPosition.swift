/// Where something is in input order: the input, the chunk within it, and the point within the chunk.
///
/// Positions order failures and invalid rows: the earliest in input order is the one reported, whatever
/// the order in which workers found them.
struct InputPosition: Comparable {
    /// A chunk of an input, or the point after its last chunk (where decoding stopped).
    enum Chunk: Comparable {
        case number(Int)
        case afterLast
    }

    /// A point within a chunk: the chunk as a whole (a header or column failure, before any of its rows),
    /// or one row, by its chunk-local line or record offset.
    enum Point: Comparable {
        case wholeChunk
        case row(Int)
    }

    var input: Int
    var chunk: Chunk
    var point: Point

    /// The chunk as a whole: the position of a failure that is not one row's.
    static func chunk(_ sequence: Int, of input: Int) -> InputPosition {
        InputPosition(input: input, chunk: .number(sequence), point: .wholeChunk)
    }

    /// After the last chunk of an input handed out: where a decoding failure sits.
    static func end(of input: Int) -> InputPosition {
        InputPosition(input: input, chunk: .afterLast, point: .wholeChunk)
    }

    static func < (lhs: InputPosition, rhs: InputPosition) -> Bool {
        (lhs.input, lhs.chunk, lhs.point) < (rhs.input, rhs.chunk, rhs.point)
    }
}
