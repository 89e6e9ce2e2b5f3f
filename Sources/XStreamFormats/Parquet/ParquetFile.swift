import XStreamCodecs

/// A Parquet file opened for reading its used columns, one row group at a time.
///
/// The footer is read and checked at open; each ``nextRowGroup()`` reads only the used columns' chunks from
/// disk (positioned reads) and decodes the slice columns' keys; ``copyRows(_:into:)`` decodes the value
/// columns' pages as their rows are copied out. Memory is bounded by one row group's used column chunks as
/// stored, a page of doubles per value column and a key id per row per slice column. Not `Sendable`: one
/// reader owns it.
package final class ParquetFile {
    /// The magic at both ends of the file.
    package static let magic: [UInt8] = Array("PAR1".utf8)
    /// The most rows a row group may declare (a hostile footer cannot make the reader allocate beyond this).
    package static let maxRowGroupRows = 1 << 26

    /// The columns resolved against the file's top-level columns.
    package let layout: ColumnarLayout
    /// Rows the footer declares.
    package let rowCount: Int
    /// Raw bytes read so far (footer and column chunks).
    package var bytesRead: Int? { bytesReadSoFar }
    private var bytesReadSoFar = 0
    /// `xxh64:` and the XXH64 of the footer and its length and magic: the file's identity for partials,
    /// without reading the columns that are not used.
    package let fingerprint: String?

    private let source: any RandomAccessByteSource
    private let input: String
    private let metadata: ParquetMetadata
    private let columns: [ParquetColumn]
    private var nextGroup = 0
    private let scratch = ParquetScratch()
    /// The used columns of the current row group, decoded a page at a time as rows are copied out.
    private var streams: [ParquetValueStream]
    /// The rows of the current row group copied out so far, and its rows.
    private var rowsCopied = 0
    private var groupRows = 0
    /// Memory for a slice column's chunk, decoded whole when it is read.
    private let keyChunk = PageBuffer()
    /// The slice columns, and for the current row group each row's key id in each (-1: null) and the texts
    /// the ids index.
    private let sliceColumns: [ParquetColumn]
    private var keyIDs: [[Int32]]
    package private(set) var keyTable = ColumnarKeyTable(texts: [])

    /// Reads and checks the footer and resolves `selection` against the file's columns.
    /// - Throws: ``XStreamError`` for a file that is not Parquet or is damaged (`corruptData`,
    ///   `truncatedData`), a used column that is nested or not a number, a slice column that is nested or
    ///   neither a number nor a byte array (`invalidHeader`), or a missing column.
    package init(source: any RandomAccessByteSource, input: String, selection: ColumnSelection) throws {
        self.source = source
        self.input = input
        let size = source.byteCount
        guard size >= 12 else {
            throw XStreamError(.truncatedData, "too short for a Parquet file", at: Location(input))
        }
        var tail = [UInt8](repeating: 0, count: 8)
        try tail.withUnsafeMutableBytes { try source.read(at: size - 8, into: $0) }
        guard Array(tail[4...]) == Self.magic else {
            throw XStreamError(
                .truncatedData, "the Parquet file does not end with PAR1 (cut short, or still being written?)",
                at: Location(input))
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= size - 12 else {
            throw XStreamError(.corruptData, "the Parquet footer length is larger than the file", at: Location(input))
        }
        var footer = [UInt8](repeating: 0, count: footerLength)
        try footer.withUnsafeMutableBytes { try source.read(at: size - 8 - footerLength, into: $0) }
        bytesReadSoFar = 12 + footerLength
        var hasher = XXH64()
        footer.withUnsafeBytes { hasher.update($0) }
        tail.withUnsafeBytes { hasher.update($0) }
        fingerprint = "xxh64:" + hasher.hexDigest
        metadata = try footer.withUnsafeBytes { try ParquetMetadata($0, input: input) }
        (layout, columns, sliceColumns) = try Self.resolve(metadata, selection: selection, input: input)
        rowCount = Int(clamping: metadata.rowCount)
        streams = columns.map { _ in ParquetValueStream() }
        keyIDs = Array(repeating: [], count: sliceColumns.count)
    }

    /// Decodes the next row group's used columns.
    /// - Returns: the number of rows decoded, or nil after the last row group.
    package func nextRowGroup() throws -> Int? {
        while nextGroup < metadata.rowGroups.count {
            let group = metadata.rowGroups[nextGroup]
            nextGroup += 1
            guard group.rowCount >= 0, group.rowCount <= Self.maxRowGroupRows else {
                throw XStreamError(
                    .corruptData,
                    "row group \(nextGroup - 1) declares \(group.rowCount) rows, more than the limit of \(Self.maxRowGroupRows)",
                    at: Location(input))
            }
            let rows = Int(group.rowCount)
            if rows == 0 { continue }
            for (slot, column) in columns.enumerated() {
                let (decoder, chunk) = try read(column, group: group, into: streams[slot].storage)
                streams[slot].start(chunk, rows: rows, decoder: decoder)
            }
            var texts: [[String]] = []
            for (index, column) in sliceColumns.enumerated() {
                let (decoder, chunk) = try read(column, group: group, into: keyChunk)
                texts.append(try decoder.decodeKeys(chunk, rows: rows, ids: &keyIDs[index]))
            }
            rowsCopied = 0
            groupRows = rows
            keyTable = ColumnarKeyTable(texts: texts)
            return rows
        }
        return nil
    }

    /// Writes rows `range` of the current row group as records of the slots' doubles, row after row, then
    /// the slice columns' key ids; a null is ``ColumnarLayout/nullPattern``, and a NaN value is the quiet NaN
    /// so that it cannot be taken for one. The value columns are decoded as their rows are copied, so the
    /// ranges must come in order, each starting where the last ended.
    /// - Throws: ``XStreamError`` for a damaged page among the rows.
    package func copyRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Double>) throws {
        precondition(range.lowerBound == rowsCopied && range.upperBound <= groupRows, "rows copied out of order")
        let stride = columns.count + sliceColumns.count
        ColumnarLayout.writeKeyIDs(keyIDs, rows: range, valueSlots: columns.count, stride: stride, into: destination)
        for slot in streams.indices {
            try streams[slot].copy(range.count, to: destination + slot, stride: stride)
        }
        rowsCopied = range.upperBound
    }

    /// Reads `column`'s chunk of `group` into `buffer`.
    /// - Returns: a decoder for it, and its bytes (in `buffer`, until its next use).
    private func read(_ column: ParquetColumn, group: ParquetMetadata.RowGroup, into buffer: PageBuffer) throws
        -> (ParquetColumnChunkDecoder, UnsafeRawBufferPointer)
    {
        guard column.leafIndex < group.columns.count else {
            throw XStreamError(.corruptData, "a row group lacks column \"\(column.name)\"", at: Location(input))
        }
        let chunk = group.columns[column.leafIndex]
        guard !chunk.externalFile else {
            throw XStreamError(
                .invalidHeader, "column \"\(column.name)\" is stored in another file, which is not supported",
                at: Location(input))
        }
        let codec: BlockCodec?
        switch chunk.codec {
        case 0: codec = nil
        case 1: codec = .snappy
        case 2: codec = .gzip
        case 5: codec = .hadoopLZ4
        case 6: codec = .zstd
        case 7: codec = .lz4Raw
        default:
            let names = [3: "LZO", 4: "BROTLI"]
            throw XStreamError(
                .invalidHeader,
                "column \"\(column.name)\": unsupported Parquet codec \(names[Int(chunk.codec)] ?? "\(chunk.codec)")",
                at: Location(input))
        }
        var start = chunk.dataPageOffset
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        let size = source.byteCount
        guard start >= 4, chunk.compressedSize >= 0, start <= size - 8, chunk.compressedSize <= Int64(size - 8) - start
        else {
            throw XStreamError(
                .corruptData, "column \"\(column.name)\": its column chunk lies outside the file", at: Location(input))
        }
        let room = buffer.room(Int(chunk.compressedSize))
        try source.read(at: Int(start), into: room)
        bytesReadSoFar += room.count
        let decoder = ParquetColumnChunkDecoder(column: column, codec: codec, input: input, scratch: scratch)
        return (decoder, UnsafeRawBufferPointer(room))
    }

    /// The top-level columns' names, the used ones as flat numeric leaves, and the slice columns as flat
    /// leaves of numbers or byte arrays.
    private static func resolve(_ metadata: ParquetMetadata, selection: ColumnSelection, input: String) throws
        -> (ColumnarLayout, [ParquetColumn], [ParquetColumn])
    {
        let schema = metadata.schema
        guard let root = schema.first, root.childCount >= 0 else {
            throw XStreamError(.corruptData, "the Parquet schema is empty", at: Location(input))
        }
        // Each top-level field: its name, first leaf index and element, and whether it is nested.
        var names: [String] = []
        var fields: [(leaf: Int, element: ParquetMetadata.SchemaElement, nested: Bool)] = []
        var index = 1
        var leaves = 0
        for _ in 0..<Int(root.childCount) {
            guard index < schema.count else {
                throw XStreamError(
                    .corruptData, "the Parquet schema has fewer elements than it declares", at: Location(input))
            }
            let element = schema[index]
            let firstLeaf = leaves
            // Walk the subtree: count its leaves.
            var pending = 1
            var nested = false
            while pending > 0 {
                guard index < schema.count, schema[index].childCount >= 0,
                    Int(schema[index].childCount) <= schema.count
                else {
                    throw XStreamError(
                        .corruptData, "the Parquet schema has fewer elements than it declares", at: Location(input))
                }
                let children = Int(schema[index].childCount)
                pending -= 1
                if children == 0 { leaves += 1 } else { nested = true }
                pending += children
                index += 1
            }
            names.append(element.name)
            fields.append((firstLeaf, element, nested || element.repetition == 2))
        }
        let columns = try ResolvedColumns(header: names, selection: selection, defaultLabel: "label", input: input)
        func column(_ field: Int, keys: Bool) throws -> ParquetColumn {
            let (leaf, element, nested) = fields[field]
            guard !nested else {
                throw XStreamError(
                    .invalidHeader,
                    "column \"\(element.name)\" is nested (a list, map or struct), not \(keys ? "a slice key" : "a number")",
                    at: Location(input))
            }
            return ParquetColumn(
                name: element.name, leafIndex: leaf, type: try valueType(element, keys: keys, input: input),
                isOptional: element.repetition == 1)
        }
        let used = try columns.slotColumns.map { try column($0, keys: false) }
        let slices = try columns.sliceColumns.map { try column($0, keys: true) }
        return (ColumnarLayout(columns: columns, formatName: "parquet"), used, slices)
    }

    /// The type a column is read as; byte arrays (strings, binary) only for slice keys (`keys`).
    private static func valueType(_ element: ParquetMetadata.SchemaElement, keys: Bool, input: String) throws
        -> ParquetColumn.ValueType
    {
        let unsigned = element.logicalIntegerSigned == false || (11...14).contains(element.convertedType ?? 0)
        let refuse = { (what: String) in
            XStreamError(
                .invalidHeader, "column \"\(element.name)\" has type \(what), not a number", at: Location(input))
        }
        // DECIMAL (converted type 5) and other logical types would be read as their unscaled storage.
        if element.convertedType == 5 { throw refuse("DECIMAL") }
        switch element.physicalType {
        case 0: return .boolean
        case 1: return unsigned ? .uint32 : .int32
        case 2: return unsigned ? .uint64 : .int64
        case 4: return .float
        case 5: return .double
        case 3: throw refuse("INT96")
        case 6 where keys: return .byteArray
        case 6: throw refuse("BYTE_ARRAY (a string or binary column)")
        case 7: throw refuse("FIXED_LEN_BYTE_ARRAY")
        default: throw refuse("unknown")
        }
    }
}
