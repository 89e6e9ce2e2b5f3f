import XStreamCodecs

extension ArrowStreamReader {
    /// One row's value of a slice column, or of a dictionary: a view of `bytes` is valid only during the call.
    enum KeyValue {
        case null
        /// A number as a 64-bit pattern (see ``ParquetColumn/ValueType/double(_:)``).
        case pattern(UInt64)
        /// A string's or binary value's bytes.
        case bytes(UnsafeRawBufferPointer)
    }

    /// The most string bytes one column of one batch may hold (a compressed buffer cannot make the reader
    /// allocate more).
    static let maxByteArrayBytes = 1 << 28

    /// Decodes a slice column of a record batch into a key id per row (-1 for a null) in `ids`.
    ///
    /// A dictionary-encoded column's ids are its indices, each checked against its dictionary so far; other
    /// columns' values are interned, so the texts grow with the batch's distinct values, never with the
    /// stream.
    /// - Returns: the texts the ids index: strings as their bytes in UTF-8 (an invalid sequence becomes
    ///   U+FFFD, as in CSV fields), numbers as ``ParquetColumn/ValueType/keyText(_:)`` writes them.
    func decodeKeys(
        _ column: Column, ids: inout [Int32], rows: Int, nodes: [(Int64, Int64)], buffers: [(Int64, Int64)],
        body: UnsafeRawBufferPointer, codec: BlockCodec?
    ) throws -> [String] {
        ids.removeAll(keepingCapacity: true)
        ids.reserveCapacity(rows)
        if let encoding = column.dictionary {
            guard let dictionary = dictionaries[encoding.id] else {
                throw corrupt("column \"\(column.name)\" has no dictionary")
            }
            var indices = column
            (indices.type, indices.width, indices.signed) = (encoding.index, encoding.width, encoding.signed)
            try forEachValue(indices, rows: rows, nodes: nodes, buffers: buffers, body: body, codec: codec) { value in
                guard case .pattern(let pattern) = value else { return ids.append(-1) }
                let index: Int64 =
                    switch indices.type {
                    case .int32: Int64(Int32(truncatingIfNeeded: pattern))
                    case .uint32: Int64(UInt32(truncatingIfNeeded: pattern))
                    case .uint64: pattern > UInt64(Int64.max) ? -1 : Int64(pattern)
                    default: Int64(bitPattern: pattern)
                    }
                guard index >= 0, index < Int64(dictionary.texts.count) else {
                    throw corrupt(
                        "column \"\(column.name)\": a dictionary index of \(index), past its \(dictionary.texts.count) entries"
                    )
                }
                ids.append(dictionary.isNull[Int(index)] ? -1 : Int32(index))
            }
            return dictionary.texts
        }
        var texts = KeyTexts()
        var idOfPattern: [UInt64: Int32] = [:]
        try forEachValue(column, rows: rows, nodes: nodes, buffers: buffers, body: body, codec: codec) { value in
            switch value {
            case .null: ids.append(-1)
            case .pattern(let pattern):
                if let id = idOfPattern[pattern] { return ids.append(id) }
                let id = texts.intern(column.type.keyText(pattern))
                idOfPattern[pattern] = id
                ids.append(id)
            case .bytes(let bytes): ids.append(texts.intern(String(decoding: bytes, as: UTF8.self)))
            }
        }
        return texts.texts
    }

    /// Decodes a dictionary batch (message header type 2) of a dictionary a slice column uses: its entries
    /// replace the dictionary, or with `isDelta` are appended to it.
    func decodeDictionary(_ header: FlatBufferTable, body: UnsafeRawBufferPointer) throws {
        let id = try header.int64(0)
        guard var dictionary = dictionaries.removeValue(forKey: id), let batch = try header.table(1) else {
            throw corrupt("a dictionary batch without its data")
        }
        let length = try batch.int64(0)
        let limit = ParquetFile.maxRowGroupRows
        guard length >= 0, length <= Int64(limit) else { throw corrupt("a dictionary batch of \(length) entries") }
        if try !header.bool(2) { (dictionary.texts, dictionary.isNull) = ([], []) }
        guard dictionary.texts.count + Int(length) <= limit else {
            throw unsupported("dictionary of column \"\(dictionary.values.name)\": more than \(limit) entries")
        }
        let type = dictionary.values.type
        try forEachValue(
            dictionary.values, rows: Int(length), nodes: try batch.pairs(1), buffers: try batch.pairs(2), body: body,
            codec: try codec(of: batch)
        ) { value in
            let text: String? =
                switch value {
                case .null: nil
                case .pattern(let pattern): type.keyText(pattern)
                case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
                }
            dictionary.texts.append(text ?? "")
            dictionary.isNull.append(text == nil)
        }
        dictionaries[id] = dictionary
    }

    /// Hands `emit` each row's value of `column` (at its field node and buffers) in a batch of `rows` rows,
    /// in row order.
    private func forEachValue(
        _ column: Column, rows: Int, nodes: [(Int64, Int64)], buffers: [(Int64, Int64)], body: UnsafeRawBufferPointer,
        codec: BlockCodec?, _ emit: (KeyValue) throws -> Void
    ) throws {
        let bufferCount = column.type == .byteArray ? 3 : 2
        guard column.node < nodes.count, column.buffer + bufferCount <= buffers.count else {
            throw corrupt("a record batch lacks column \"\(column.name)\"")
        }
        guard nodes[column.node].0 == Int64(rows) else {
            throw corrupt("column \"\(column.name)\" has \(nodes[column.node].0) values in a batch of \(rows) rows")
        }
        let bitmapSize = (rows + 7) / 8
        let validity = try buffer(
            buffers[column.buffer], body: body, codec: codec, minimum: 0, column: column, into: validityScratch)
        let hasNulls = nodes[column.node].1 != 0 && !validity.isEmpty
        if hasNulls, validity.count < bitmapSize { throw corrupt("column \"\(column.name)\": short validity") }
        func isNull(_ row: Int) -> Bool { hasNulls && (validity[row / 8] >> UInt8(row % 8)) & 1 == 0 }
        guard column.type == .byteArray else {
            let valueSize = column.type == .boolean ? bitmapSize : rows * column.width
            let data = try buffer(
                buffers[column.buffer + 1], body: body, codec: codec, minimum: valueSize, column: column,
                into: scratch)
            for row in 0..<rows { try emit(isNull(row) ? .null : .pattern(Self.pattern(data, row: row, of: column))) }
            return
        }
        guard rows > 0 else { return }
        let offsets = try buffer(
            buffers[column.buffer + 1], body: body, codec: codec, minimum: (rows + 1) * column.width, column: column,
            into: offsetScratch)
        func offset(_ index: Int) -> Int64 {
            column.width == 4
                ? Int64(Int32(littleEndian: offsets.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self)))
                : Int64(littleEndian: offsets.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self))
        }
        let last = offset(rows)
        guard offset(0) >= 0, offset(0) <= last, last <= Int64(Self.maxByteArrayBytes) else {
            throw corrupt("column \"\(column.name)\": string offsets out of range")
        }
        let data = try buffer(
            buffers[column.buffer + 2], body: body, codec: codec, minimum: Int(last), column: column, into: scratch)
        var start = offset(0)
        for row in 0..<rows {
            let end = offset(row + 1)
            guard start <= end, end <= last else {
                throw corrupt("column \"\(column.name)\": string offsets out of order")
            }
            try emit(isNull(row) ? .null : .bytes(UnsafeRawBufferPointer(rebasing: data[Int(start)..<Int(end)])))
            start = end
        }
    }
}
