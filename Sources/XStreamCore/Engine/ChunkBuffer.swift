/// A reusable block of memory that holds one chunk of decompressed records.
///
/// Owned by one stage at a time: the reader fills it, a worker parses it, and it returns to the pool.
/// Its capacity is fixed at creation; pages beyond what a chunk touches are never made resident.
final class ChunkBuffer {
    /// The usable bytes.
    let bytes: UnsafeMutableRawBufferPointer
    /// `bytes` plus zeroed padding that parsers may read past the end (``DecimalParser/readAhead``).
    private let allocation: UnsafeMutableRawBufferPointer

    /// - Parameter capacity: Usable bytes to reserve.
    init(capacity: Int) {
        allocation = .allocate(byteCount: capacity + DecimalParser.readAhead, alignment: 64)
        bytes = UnsafeMutableRawBufferPointer(rebasing: allocation[0..<capacity])
        allocation.baseAddress!.advanced(by: capacity).initializeMemory(
            as: UInt8.self, repeating: 0, count: DecimalParser.readAhead)
    }

    deinit { allocation.deallocate() }
}

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
