/// Room for parsed rows waiting for their consumer: consecutive records of one chunk, `stride` values each,
/// row after row.
///
/// Parsers fill it and hand the rows over together, so the consumer's per-task loop runs over many rows at
/// a time instead of being re-entered per row. A row that fails to parse never enters a batch: the parser
/// hands over the rows before it first, which keeps a batch's rows consecutive and every chunk's invalid
/// rows reported in order.
package final class RowBatch {
    /// Rows per batch: enough to amortize the hand-over, few enough to stay in the L1 cache for two slots.
    package static let capacity = 256

    /// Room for ``capacity`` rows.
    package let storage: UnsafeMutablePointer<Double>
    /// Values per row: the slot count.
    package let stride: Int

    /// Allocates a batch for rows of `slots` values.
    package init(slots: Int) {
        stride = slots
        storage = .allocate(capacity: Self.capacity * max(slots, 1))
    }

    deinit { storage.deallocate() }

    /// Hands the first `rows` rows of the batch to `consumer` and records the invalid ones in `outcome`.
    /// - Parameter firstPosition: The chunk-local position (line or record offset) of the first row.
    /// - Returns: in strict mode, the position just after the invalid row it stopped at; otherwise nil.
    func flush<Consumer: RowConsumer>(
        rows: Int, firstPosition: Int, into consumer: inout Consumer, outcome: inout ChunkOutcome, strict: Bool,
        columns: ResolvedColumns
    ) -> Int? {
        var start = 0
        while start < rows {
            let (accepted, problem) = consumer.consume(
                rows: storage + start * stride, count: rows - start, firstPosition: firstPosition + start)
            start += accepted
            guard let problem else { break }
            outcome.recordInvalid(
                problem.reason, at: firstPosition + start, strict: strict,
                message: consumer.describe(problem, columns: columns),
                remedy: columns.predictionsByDefault
                    && (problem.slot < 0 || columns.isDefaultPrediction(slot: problem.slot))
                    ? .chooseColumns : nil,
                column: problem.slot >= 0 ? columns.slotNames[problem.slot] : nil, text: problem.value.shortDescription)
            start += 1
            if strict { return firstPosition + start }
        }
        return nil
    }
}
