/// Receives the rows a chunk parser reads: the evaluator adds their terms, the converter writes them out.
///
/// Parsers are generic over it; rows arrive a batch at a time, one call per batch.
package protocol RowConsumer {
    /// Takes up to `count` rows stored one after another at `rows`, each holding the slot count of values
    /// (labels first, then predictions), all finite. Stops at the first invalid row.
    /// - Returns: how many rows were accepted before the first invalid one, and that row's problem
    ///   (nil when all `count` rows were accepted).
    mutating func consume(rows: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?)

    /// As ``consume(rows:count:)``, told the chunk-local position (line or record) of the first row, which a
    /// consumer that slices rows needs; by default the same as ``consume(rows:count:)``.
    mutating func consume(rows: UnsafePointer<Double>, count: Int, firstPosition: Int) -> (
        accepted: Int, problem: RowProblem?
    )

    /// The message for a problem ``consume(rows:count:)`` reported.
    func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String
}

extension RowConsumer {
    /// Ignores the position.
    @inline(__always)
    package mutating func consume(rows: UnsafePointer<Double>, count: Int, firstPosition: Int) -> (
        accepted: Int, problem: RowProblem?
    ) {
        consume(rows: rows, count: count)
    }
}
