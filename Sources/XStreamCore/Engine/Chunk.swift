/// A chunk ready to parse: whole records of one input, in one buffer.
struct Chunk {
    /// The input's position in the input list.
    var input: Int
    /// The chunk's number within its input, from 0.
    var sequence: Int
    /// How to read the records.
    var format: RecordFormat
    /// The buffer holding the records.
    var buffer: ChunkBuffer
    /// Where in the buffer the records are.
    var range: Range<Int>

    /// The records' bytes.
    var records: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer.bytes[range]) }

    /// Parses every record with the parser of the chunk's format and hands each row to `consumer`.
    /// - Parameters:
    ///   - batch: Room for rows of the format's slot count.
    ///   - consumer: Receives each row.
    ///   - outcome: Receives the position count and the invalid rows.
    ///   - strict: Stop at the first invalid row.
    func parse<Consumer: RowConsumer>(
        batch: RowBatch, consumer: inout Consumer, outcome: inout ChunkOutcome, strict: Bool
    ) {
        switch format {
        case .csv(let layout):
            CSVChunkParser.parse(
                records, layout: layout, batch: batch, consumer: &consumer, outcome: &outcome,
                strict: strict)
        case .npy(let layout):
            NPYChunkDecoder.decode(
                records, layout: layout, batch: batch, consumer: &consumer, outcome: &outcome,
                strict: strict)
        }
    }
}

/// How the records of one input are laid out.
enum RecordFormat {
    /// Text records, one per line.
    case csv(CSVLayout)
    /// Fixed-size binary records of a NumPy `.npy` array.
    case npy(NPYLayout)

    /// The resolved value columns.
    var columns: ResolvedColumns {
        switch self {
        case .csv(let layout): layout.columns
        case .npy(let layout): layout.columns
        }
    }

    /// The name of the format, for reports.
    var name: String {
        switch self {
        case .csv: "csv"
        case .npy: "npy"
        }
    }

    /// The position of the first record of an input: CSV lines count from 1, the header being line 1;
    /// `.npy` records count from 0, as NumPy indexes them.
    var firstRecordPosition: Int {
        switch self {
        case .csv: 2
        case .npy: 0
        }
    }

    /// What follows the path in a message: `:12` for a CSV line, `: record 12` for `.npy`.
    func locationSuffix(position: Int) -> String {
        switch self {
        case .csv: ":\(position)"
        case .npy: ": record \(position)"
        }
    }
}
