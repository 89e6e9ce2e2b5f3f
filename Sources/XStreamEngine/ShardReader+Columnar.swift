import XStreamCodecs
import XStreamFormats

/// A columnar input (Parquet, Arrow IPC) being read by a ``ShardReader``: its decoder, and the rows of the row
/// group or record batch in hand.
struct ColumnarInput {
    let file: any ColumnarSource
    /// The input's codec in reports: plain for Parquet (its pages carry their own codec); an Arrow stream may
    /// come compressed as a whole.
    var codec: Codec = .plain
    /// Rows of the current row group, and how many of them are handed out.
    var rows = 0
    var handedOut = 0

    /// Opens `raw` as Parquet when it is a regular file that starts with `PAR1`, else returns nil.
    /// - Throws: ``XStreamError`` for a damaged Parquet file or columns that cannot be used.
    static func openParquet(_ raw: any ByteSource, name: String, selection: ColumnSelection) throws -> ColumnarInput? {
        guard let file = raw as? FileByteSource, let access = file.randomAccess, access.byteCount >= 4 else {
            return nil
        }
        var magic = [UInt8](repeating: 0, count: 4)
        try magic.withUnsafeMutableBytes { try access.read(at: 0, into: $0) }
        guard magic == ParquetFile.magic else { return nil }
        return ColumnarInput(file: try ParquetFile(source: access, input: name, selection: selection))
    }

    /// Refuses Parquet that arrives as a stream (standard input, a pipe) or compressed as a whole: it needs
    /// positioned reads.
    static func refuseUnseekable(_ preamble: UnsafeRawBufferPointer, codec: Codec, name: String) throws {
        guard preamble.starts(with: ParquetFile.magic) else { return }
        let detail =
            codec == .plain
            ? "Parquet needs a file (its metadata is at the end); save it first"
            : "a \(codec.rawValue)-compressed Parquet file cannot be read (Parquet needs a file it can seek in; decompress it first, its pages are compressed already)"
        throw XStreamError(.invalidHeader, detail, at: Location(name))
    }
}

extension ShardReader {
    /// Looks at the first bytes for an Arrow IPC file or stream and, if there is one, opens it; else keeps the
    /// bytes for the front of the first chunk.
    func openArrowIfPresent() throws {
        carryCount = try read(into: carry, from: 0, upTo: 8)
        let prefix = UnsafeRawBufferPointer(rebasing: carry[0..<carryCount])
        guard ArrowStreamReader.recognizes(prefix) else { return }
        let decoder = decoder
        let reader = try ArrowStreamReader(prefix: Array(prefix), input: path, selection: selection) {
            try decoder.read(into: $0)
        }
        carryCount = 0
        try task?.checkColumns(reader.layout.columns, input: path)
        columnar = ColumnarInput(file: reader, codec: codec)
        format = .columnar(reader.layout)
    }

    /// Fills `buffer` with the next rows of the current row group (decoding the next row group when it is
    /// used up), as records of doubles; with slice columns, the chunk shares the row group's key texts.
    func readColumnarChunk(into buffer: ChunkBuffer) throws -> Chunk? {
        guard var state = columnar, case .columnar(let layout)? = format else { return nil }
        defer { columnar = state }
        if state.handedOut == state.rows {
            guard let rows = try state.file.nextRowGroup() else { return nil }
            state.rows = rows
            state.handedOut = 0
        }
        // Chunks of about the chunk size, so that the workers parse one row group's rows in parallel.
        let capacity = max(1, min(buffer.bytes.count, max(chunkSize, layout.recordSize)) / layout.recordSize)
        let count = min(capacity, state.rows - state.handedOut)
        let destination = buffer.bytes.baseAddress!.bindMemory(to: Double.self, capacity: count * layout.recordStride)
        try state.file.copyRows(state.handedOut..<state.handedOut + count, into: destination)
        state.handedOut += count
        decompressedBytes += count * layout.recordSize
        defer { nextSequence += 1 }
        return Chunk(
            input: input, sequence: nextSequence, format: .columnar(layout), buffer: buffer,
            range: 0..<count * layout.recordSize,
            keyTable: layout.columns.sliceColumns.isEmpty ? nil : state.file.keyTable)
    }
}
