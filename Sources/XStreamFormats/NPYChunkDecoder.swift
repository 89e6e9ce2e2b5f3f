/// Decodes the records of one `.npy` chunk into value slots and feeds them to a ``RowConsumer``.
enum NPYChunkDecoder {
    /// Decodes every record of `chunk` (a whole number of records), a batch at a time and column by column,
    /// so each column's type is looked at once per batch.
    /// - Parameters:
    ///   - batch: Room for rows of the layout's slot count; the rows go through it to `consumer`.
    static func decode<Consumer: RowConsumer>(
        _ chunk: UnsafeRawBufferPointer, layout: NPYLayout, batch: RowBatch, consumer: inout Consumer,
        outcome: inout ChunkOutcome, strict: Bool
    ) {
        guard let base = chunk.baseAddress else { return }
        let count = chunk.count / layout.recordSize
        let stride = batch.stride
        var record = 0
        while record < count {
            let rows = min(RowBatch.capacity, count - record)
            let first = base + record * layout.recordSize
            for (slot, field) in layout.slots.enumerated() {
                field.type.loadColumn(
                    from: first + field.offset, recordSize: layout.recordSize, count: rows,
                    into: batch.storage + slot, stride: stride)
            }
            let finiteRows = FiniteRows.leading(batch.storage, rows: rows, stride: stride)
            if let stop = batch.flush(
                rows: finiteRows, firstPosition: record, into: &consumer, outcome: &outcome, strict: strict,
                columns: layout.columns)
            {
                outcome.positions = stop
                return
            }
            record += finiteRows
            guard finiteRows < rows else { continue }
            let values = batch.storage + finiteRows * stride
            let slot = (0..<stride).first { !values[$0].isFinite }!
            outcome.recordInvalid(
                .nonFinite, at: record, strict: strict,
                message:
                    "\(layout.columns.columnPhrase(slot: slot)): \(values[slot].shortDescription) is not a finite number",
                column: layout.columns.slotNames[slot], text: values[slot].shortDescription)
            record += 1
            if strict { break }
        }
        outcome.positions = record
    }
}
