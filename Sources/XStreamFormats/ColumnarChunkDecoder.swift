/// Feeds the records of a columnar chunk (see ``ColumnarLayout``) to a ``RowConsumer``, a batch at a time;
/// a null (in a value or a slice column) or a non-finite value is an invalid row.
enum ColumnarChunkDecoder {
    static func decode<Consumer: RowConsumer>(
        _ chunk: UnsafeRawBufferPointer, layout: ColumnarLayout, batch: RowBatch, consumer: inout Consumer,
        outcome: inout ChunkOutcome, strict: Bool
    ) {
        guard let base = chunk.baseAddress else { return }
        let stride = batch.stride
        // Slots per record: the batch's value slots, then the slice columns' key ids (finite unless null).
        let recordStride = layout.recordStride
        let count = chunk.count / layout.recordSize
        let source = base.assumingMemoryBound(to: Double.self)
        var record = 0
        while record < count {
            let rows = min(RowBatch.capacity, count - record)
            let first = source + record * recordStride
            let finiteRows = FiniteRows.leading(first, rows: rows, stride: recordStride)
            if recordStride == stride {
                batch.storage.update(from: first, count: finiteRows * stride)
            } else {
                for row in 0..<finiteRows {
                    (batch.storage + row * stride).update(from: first + row * recordStride, count: stride)
                }
            }
            if let stop = batch.flush(
                rows: finiteRows, firstPosition: record, into: &consumer, outcome: &outcome, strict: strict,
                columns: layout.columns)
            {
                outcome.positions = stop
                return
            }
            record += finiteRows
            guard finiteRows < rows else { continue }
            let values = first + finiteRows * recordStride
            let slot = (0..<recordStride).first { !values[$0].isFinite }!
            let name = layout.columnName(ofSlot: slot)
            if values[slot].bitPattern == ColumnarLayout.nullPattern {
                outcome.recordInvalid(.null, at: record, strict: strict, message: "column \"\(name)\": null")
            } else {
                outcome.recordInvalid(
                    .nonFinite, at: record, strict: strict,
                    message: "column \"\(name)\": \(values[slot].shortDescription) is not a finite number")
            }
            record += 1
            if strict { break }
        }
        outcome.positions = record
    }
}
