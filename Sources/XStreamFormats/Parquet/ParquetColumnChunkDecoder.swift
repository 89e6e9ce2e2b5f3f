import XStreamCodecs

/// Decodes one column chunk (the pages of one column in one row group): a value column into a double per row
/// (see `ParquetColumnChunkDecoder+Values.swift`), a slice column into key ids (see
/// `ParquetColumnChunkDecoder+Keys.swift`).
///
/// Supported: data pages v1 and v2, a dictionary page, encodings PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY,
/// RLE (booleans), DELTA_BINARY_PACKED (integers), BYTE_STREAM_SPLIT, and for byte arrays
/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY; definition levels in the RLE / bit-packed hybrid. Every size
/// and count is checked against the chunk's bytes and the row group's rows.
struct ParquetColumnChunkDecoder {
    /// The most bytes (64 MiB) a decompressed page of byte arrays may declare beyond the bound for numbers (16
    /// bytes per value and 1 KiB): strings have no fixed width, but writers cut pages at about 1 MiB.
    static let maxByteArrayPageBytes = 1 << 26

    /// A data page's parts, decompressed.
    struct DataPage {
        /// The definition levels (optional columns only).
        var definitions: UnsafeRawBufferPointer?
        /// The values of the rows that are not null.
        var data: UnsafeRawBufferPointer
        var encoding: Int32
        /// Rows in the page, nulls included.
        var count: Int
    }

    let column: ParquetColumn
    let codec: BlockCodec?
    let input: String
    /// Room for decompressed pages and decoded levels and indices.
    let scratch: ParquetScratch

    /// A page handed on by ``nextPage(_:_:)``, decompressed: valid until the next page is read.
    enum Page {
        /// The dictionary page: `count` PLAIN values.
        case dictionary(UnsafeRawBufferPointer, count: Int)
        case data(DataPage)
    }

    /// How far a walk over the pages of a column chunk has come.
    struct PageWalk {
        /// The rows the chunk holds: its row group's.
        let rows: Int
        /// Where the next page header starts.
        var position = 0
        /// The rows of the data pages handed on so far.
        var decodedRows = 0
    }

    /// Walks the pages of `chunk` until `rows` rows are decoded, handing on the dictionary page's entries
    /// (`count` PLAIN values) and each data page.
    func walkPages(
        _ chunk: UnsafeRawBufferPointer, rows: Int, dictionary: (UnsafeRawBufferPointer, Int) throws -> Void,
        data: (DataPage) throws -> Void
    ) throws {
        var walk = PageWalk(rows: rows)
        while let page = try nextPage(chunk, &walk) {
            switch page {
            case .dictionary(let entries, let count): try dictionary(entries, count)
            case .data(let page): try data(page)
            }
        }
    }

    /// The next dictionary or data page of `chunk` (the column chunk's bytes, from its first page) after
    /// `walk`, which it advances; nil once the walk's rows are all handed on.
    /// - Throws: ``XStreamError`` when the chunk ends first, or a page is damaged or holds more rows than
    ///   remain.
    func nextPage(_ chunk: UnsafeRawBufferPointer, _ walk: inout PageWalk) throws -> Page? {
        while walk.decodedRows < walk.rows {
            guard walk.position < chunk.count else {
                throw corrupt("the column chunk ends after \(walk.decodedRows) of its \(walk.rows) values")
            }
            var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: chunk[walk.position...]), input: input)
            let header = try ParquetPageHeader(&reader)
            walk.position += reader.offset
            guard header.compressedSize >= 0, header.uncompressedSize >= 0,
                Int(header.compressedSize) <= chunk.count - walk.position
            else { throw corrupt("a page's sizes do not fit in its column chunk") }
            let body = UnsafeRawBufferPointer(
                rebasing: chunk[walk.position..<walk.position + Int(header.compressedSize)])
            walk.position += Int(header.compressedSize)
            switch header.type {
            case 2:
                guard header.valueCount >= 0, header.valueCount <= ParquetFile.maxRowGroupRows else {
                    throw corrupt("a dictionary of \(header.valueCount) values")
                }
                let page = try decompressed(
                    body, size: Int(header.uncompressedSize), valueCount: Int(header.valueCount),
                    into: scratch.pages)
                guard header.encoding == 0 || header.encoding == 2 else {
                    throw unsupported("dictionary page encoding \(Self.encodingName(header.encoding))")
                }
                return .dictionary(page, count: Int(header.valueCount))
            case 0, 3:
                guard header.valueCount >= 0, Int(header.valueCount) <= walk.rows - walk.decodedRows else {
                    throw corrupt("a page holds more values than its row group's \(walk.rows) rows")
                }
                let page = try dataPage(header, body: body)
                walk.decodedRows += page.count
                return .data(page)
            case 1: continue
            default: throw corrupt("unknown page type \(header.type)")
            }
        }
        return nil
    }

    private func dataPage(_ header: ParquetPageHeader, body: UnsafeRawBufferPointer) throws -> DataPage {
        let count = Int(header.valueCount)
        var definitions: UnsafeRawBufferPointer?
        var data: UnsafeRawBufferPointer
        if header.type == 0 {
            data = try decompressed(
                body, size: Int(header.uncompressedSize), valueCount: Int(header.valueCount), into: scratch.pages)
            if column.isOptional {
                guard data.count >= 4 else { throw corrupt("a data page ends inside its definition levels") }
                let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
                guard length <= data.count - 4 else { throw corrupt("definition levels longer than their page") }
                definitions = UnsafeRawBufferPointer(rebasing: data[4..<4 + length])
                data = UnsafeRawBufferPointer(rebasing: data[(4 + length)...])
            }
        } else {
            let repetition = Int(header.repetitionLevelsLength)
            let definition = Int(header.definitionLevelsLength)
            guard repetition >= 0, definition >= 0, repetition + definition <= body.count,
                repetition + definition <= Int(header.uncompressedSize)
            else { throw corrupt("a data page's level lengths do not fit in it") }
            if column.isOptional {
                definitions = UnsafeRawBufferPointer(rebasing: body[repetition..<repetition + definition])
            }
            let rest = UnsafeRawBufferPointer(rebasing: body[(repetition + definition)...])
            let size = Int(header.uncompressedSize) - repetition - definition
            data =
                header.isCompressed
                ? try decompressed(rest, size: size, valueCount: count, into: scratch.values2) : rest
        }
        return DataPage(definitions: definitions, data: data, encoding: header.encoding, count: count)
    }

    /// Appends a null flag for each of the page's rows to `nulls`.
    func nullFlags(_ page: DataPage, into nulls: inout [Bool]) throws {
        if let definitions = page.definitions {
            var decoder = ParquetHybridDecoder(definitions, bitWidth: 1)
            guard decoder.decode(count: page.count, { nulls.append($0 == 0) }) else {
                throw corrupt("malformed definition levels")
            }
        } else {
            nulls.append(contentsOf: repeatElement(false, count: page.count))
        }
    }

    /// Dictionary indices (RLE / bit-packed hybrid after a bit-width byte), each checked against the
    /// dictionary's size.
    func dictionaryIndices(
        _ data: UnsafeRawBufferPointer, count: Int, dictionarySize: Int, _ emit: (Int) -> Void
    ) throws {
        guard let width = data.first.map(Int.init), width <= 32 else { throw corrupt("malformed dictionary indices") }
        var decoder = ParquetHybridDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: width)
        var bad = false
        let ok = decoder.decode(count: count) { index in
            if Int(index) < dictionarySize { emit(Int(index)) } else { bad = true }
        }
        guard ok, !bad else { throw corrupt("malformed dictionary indices") }
    }

    /// Numbers not dictionary-encoded, as 64-bit patterns (see ``ParquetColumn/ValueType/double(_:)``).
    func patterns(_ data: UnsafeRawBufferPointer, encoding: Int32, count: Int, _ emit: (UInt64) -> Void) throws {
        let type = column.type
        switch encoding {
        case 0: try plain(data, count: count, emit)
        case 3 where type == .boolean:
            guard data.count >= 4 else { throw corrupt("malformed RLE booleans") }
            let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= data.count - 4 else { throw corrupt("malformed RLE booleans") }
            var decoder = ParquetHybridDecoder(UnsafeRawBufferPointer(rebasing: data[4..<4 + length]), bitWidth: 1)
            guard decoder.decode(count: count, { emit(UInt64($0)) }) else { throw corrupt("malformed RLE booleans") }
        case 5 where type != .boolean && type != .float && type != .double:
            var decoder = ParquetDeltaDecoder(data)
            guard decoder.decode(count: count, { emit(UInt64(bitPattern: $0)) }) else {
                throw corrupt("malformed DELTA_BINARY_PACKED values")
            }
        case 9 where type.width > 0:
            let width = type.width
            guard data.count / width >= count else { throw corrupt("BYTE_STREAM_SPLIT values shorter than the page") }
            let streams = data.count / width
            for i in 0..<count {
                var pattern: UInt64 = 0
                for b in 0..<width { pattern |= UInt64(data[b * streams + i]) << UInt64(8 * b) }
                emit(pattern)
            }
        default: throw unsupported("encoding \(Self.encodingName(encoding))")
        }
    }

    /// PLAIN numbers: little-endian integers and floats, booleans one bit each, LSB first.
    func plain(_ data: UnsafeRawBufferPointer, count: Int, _ emit: (UInt64) -> Void) throws {
        try checkPlain(data, count: count)
        if column.type == .boolean {
            for i in 0..<count { emit(UInt64((data[i / 8] >> UInt8(i % 8)) & 1)) }
            return
        }
        if column.type.width == 8 {
            for i in 0..<count { emit(data.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self).littleEndian) }
        } else {
            for i in 0..<count {
                emit(UInt64(data.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self).littleEndian))
            }
        }
    }

    private func decompressed(
        _ body: UnsafeRawBufferPointer, size: Int, valueCount: Int, into buffer: PageBuffer
    ) throws
        -> UnsafeRawBufferPointer
    {
        guard let codec else {
            guard size == body.count else { throw corrupt("an uncompressed page's sizes differ") }
            return body
        }
        // A page of n numbers takes at most about 16 bytes per value in any encoding (8 for the value, a
        // run header and a level), so a page that declares more is damaged; a hostile page cannot make the
        // reader allocate more than its value count (itself bounded by the row group's rows) allows. Byte
        // arrays get a fixed allowance on top.
        let limit = 1024 + 16 * valueCount + (column.type == .byteArray ? Self.maxByteArrayPageBytes : 0)
        guard size <= limit else { throw corrupt("a page declares \(size) bytes for \(valueCount) values") }
        let room = buffer.room(size)
        try codec.decompress(body, into: room, what: "column \"\(column.name)\"", at: Location(input))
        return UnsafeRawBufferPointer(room)
    }

    func corrupt(_ what: String) -> XStreamError {
        XStreamError(.corruptData, "column \"\(column.name)\": \(what)", at: Location(input))
    }

    func unsupported(_ what: String) -> XStreamError {
        XStreamError(.invalidHeader, "column \"\(column.name)\": unsupported Parquet \(what)", at: Location(input))
    }

    static func encodingName(_ encoding: Int32) -> String {
        let names = [
            0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED",
            6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT",
        ]
        return names[Int(encoding)] ?? "\(encoding)"
    }
}
