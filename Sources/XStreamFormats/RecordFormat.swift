import XStreamCodecs

/// How the records of one input are laid out, and the parser that reads them.
package enum RecordFormat: Sendable {
    /// Text records, one per line.
    case csv(CSVLayout)
    /// Fixed-size binary records of a NumPy `.npy` array.
    case npy(NPYLayout)
    /// Rows decoded from a columnar input (Parquet), handed on as records of doubles.
    case columnar(ColumnarLayout)

    /// The resolved value columns.
    package var columns: ResolvedColumns {
        switch self {
        case .csv(let layout): layout.columns
        case .npy(let layout): layout.columns
        case .columnar(let layout): layout.columns
        }
    }

    /// The name of the format, for reports.
    package var name: String {
        switch self {
        case .csv: "csv"
        case .npy: "npy"
        case .columnar(let layout): layout.formatName
        }
    }

    /// The position of the first record of an input: CSV lines count from 1, the header being line 1;
    /// `.npy` records count from 0, as NumPy indexes them.
    package var firstRecordPosition: Int {
        switch self {
        case .csv: 2
        case .npy, .columnar: 0
        }
    }

    /// The location of the record at input-wide `position`: a CSV line or an `.npy` record.
    package func location(of position: Int, in input: String) -> Location {
        switch self {
        case .csv: Location(input, position: .line(position))
        case .npy, .columnar: Location(input, position: .record(position))
        }
    }

    /// Parses every record of `records` with the format's parser and hands the rows to `consumer`.
    /// - Parameters:
    ///   - records: Whole records (CSV: whole lines, the last ending with `\n`, readable up to
    ///     ``DecimalParser/readAhead`` bytes past the end).
    ///   - batch: Room for rows of the format's slot count.
    ///   - consumer: Receives the rows.
    ///   - outcome: Receives the position count and the invalid rows.
    ///   - strict: Stop at the first invalid row.
    package func parse<Consumer: RowConsumer>(
        _ records: UnsafeRawBufferPointer, batch: RowBatch, consumer: inout Consumer, outcome: inout ChunkOutcome,
        strict: Bool
    ) {
        switch self {
        case .csv(let layout):
            CSVChunkParser.parse(
                records, layout: layout, batch: batch, consumer: &consumer, outcome: &outcome, strict: strict)
        case .npy(let layout):
            NPYChunkDecoder.decode(
                records, layout: layout, batch: batch, consumer: &consumer, outcome: &outcome, strict: strict)
        case .columnar(let layout):
            ColumnarChunkDecoder.decode(
                records, layout: layout, batch: batch, consumer: &consumer, outcome: &outcome, strict: strict)
        }
    }
}
