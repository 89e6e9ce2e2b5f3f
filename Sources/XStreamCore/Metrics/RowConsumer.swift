/// Receives the rows a chunk parser reads: the evaluator adds their terms, the converter writes them out.
///
/// Parsers are generic over it, so each use is specialized and the per-row call is inlined.
protocol RowConsumer {
    /// Takes one row of values (labels first, then predictions), all finite.
    /// - Returns: nil when the row is accepted, else why it is invalid.
    mutating func consume(_ values: UnsafePointer<Double>) -> RowProblem?

    /// The message for a problem ``consume(_:)`` reported.
    func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String
}

extension RowEvaluator: RowConsumer {
    @inline(__always)
    mutating func consume(_ values: UnsafePointer<Double>) -> RowProblem? { evaluate(values) }

    func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String {
        problem.message(slotNames: columns.slotNames, settings: settings, predictionCount: columns.predictionCount)
    }
}
