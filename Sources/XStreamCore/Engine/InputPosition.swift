/// Where something is in input order: input, chunk within the input, position within the chunk.
struct InputPosition: Comparable {
    var input: Int
    var sequence: Int
    /// Chunk-local line or record; `Int.min` for a failure of the chunk as a whole (decoding, header).
    var local: Int

    static func < (lhs: InputPosition, rhs: InputPosition) -> Bool {
        (lhs.input, lhs.sequence, lhs.local) < (rhs.input, rhs.sequence, rhs.local)
    }
}

/// A failure or invalid row waiting for its chunk's starting line to become known.
struct LocatedMessage {
    var position: InputPosition
    var reason: InvalidReason?
    var error: XStreamError
    /// The input-wide line or record, once known; nil for whole-chunk failures, which carry their location.
    var absolutePosition: Int?
}
