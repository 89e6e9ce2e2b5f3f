import XStreamFormats

/// A chunk ready to parse: whole records of one input, in one buffer.
package struct Chunk {
    /// The input's position in the input list.
    var input: Int
    /// The chunk's number within its input, from 0.
    var sequence: Int
    /// How to read the records.
    package var format: RecordFormat
    /// The buffer holding the records.
    var buffer: ChunkBuffer
    /// Where in the buffer the records are.
    var range: Range<Int>
    /// A columnar chunk's slice-key texts (see ``ColumnarKeyTable``); nil without slice columns.
    var keyTable: ColumnarKeyTable?

    /// The records' bytes.
    var records: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer.bytes[range]) }

    /// The chunk as a whole, in input order.
    var position: InputPosition { .chunk(sequence, of: input) }

    /// Parses every record with the parser of the chunk's format and hands the rows to `consumer`.
    package func parse<Consumer: RowConsumer>(
        batch: RowBatch, consumer: inout Consumer, outcome: inout ChunkOutcome, strict: Bool
    ) {
        format.parse(records, batch: batch, consumer: &consumer, outcome: &outcome, strict: strict)
    }
}
