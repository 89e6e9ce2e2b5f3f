#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the slice key of every record of a chunk, in record order: a pass of its own beside the value
/// parsers, so runs without slices keep their loops as they are.
///
/// CSV: each slice field as written, without its quotes (`""` read as `"`), surrounding spaces trimmed.
/// `.npy`: integer fields as decimal integers, booleans as 0 or 1, floats as the shortest text that reads
/// back as the same double, as Python's `repr` writes it. Columnar inputs (Parquet, Arrow IPC): the texts
/// their readers put in the chunk's ``ColumnarKeyTable`` (strings as their bytes, integers in decimal,
/// booleans 0 or 1, floats as `.npy`'s). A
/// record too short to hold a slice column, or null there, gets an empty text there (such a record is invalid
/// anyway, so it reaches no slice). A key's text is made once per distinct spelling in the chunk (see
/// ``ChunkSliceKeys``); a columnar chunk's once per text of its key table, or with several slice columns once
/// per distinct combination of key ids.
package enum SliceKeyReader {
    /// The keys of the records of `records`, one per record position (CSV: one per line).
    /// - Parameter keyTable: A columnar chunk's key texts, which its records' key ids index.
    package static func keys(
        of records: UnsafeRawBufferPointer, format: RecordFormat, keyTable: ColumnarKeyTable?
    ) -> ChunkSliceKeys {
        guard let base = records.baseAddress else { return ChunkSliceKeys() }
        switch format {
        case .csv(let layout): return csvKeys(base.assumingMemoryBound(to: UInt8.self), records.count, layout)
        case .npy(let layout): return npyKeys(base, records.count, layout)
        // The reader wrote the records as doubles (see ColumnarChunkDecoder).
        case .columnar(let layout):
            return columnarKeys(base.assumingMemoryBound(to: Double.self), records.count, layout, keyTable?.texts ?? [])
        }
    }

    /// One slice column: the table's texts are the keys and the ids their indices, with one more key, of an
    /// empty text, for a null. Several: the records are told apart by their id slots' bytes.
    private static func columnarKeys(
        _ slots: UnsafePointer<Double>, _ count: Int, _ layout: ColumnarLayout, _ texts: [[String]]
    ) -> ChunkSliceKeys {
        let stride = layout.recordStride
        let first = layout.columns.slotNames.count
        let columns = layout.columns.sliceColumns.count
        let records = count / layout.recordSize
        // The id at a record's slice column `column`, or nil for a null (or an id its table lacks).
        func id(_ record: Int, _ column: Int) -> Int? {
            let id = slots[record * stride + first + column]
            guard column < texts.count, id.isFinite, id >= 0, id < Double(texts[column].count) else { return nil }
            return Int(id)
        }
        if columns == 1 {
            let missing = Int32(texts.first?.count ?? 0)
            var keys = texts.first?.map { SliceKey([$0]) } ?? []
            keys.append(SliceKey([""]))
            let indices = (0..<records).map { record in id(record, 0).map { Int32($0) } ?? missing }
            return ChunkSliceKeys(keys: keys, keyIndices: indices)
        }
        var keys = ChunkSliceKeys()
        for record in 0..<records {
            let raw = UnsafeRawBufferPointer(start: slots + record * stride + first, count: 8 * columns)
            guard keys.append(raw: raw) else { continue }
            keys.addKey(SliceKey((0..<columns).map { column in id(record, column).map { texts[column][$0] } ?? "" }))
        }
        return keys
    }

    private static func csvKeys(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ layout: CSVLayout) -> ChunkSliceKeys {
        let columns = layout.columns.sliceColumns
        let last = columns.max() ?? -1
        var keys = ChunkSliceKeys()
        var composite: [UInt8] = []
        // Per field up to the last slice column, its slice column's slot (−1: none); each slice field's span in
        // the line (a field the line does not reach is empty). Raw buffers: this loop runs once per line.
        let slotOfField = UnsafeMutableBufferPointer<Int>.allocate(capacity: last + 1)
        let spans = UnsafeMutableBufferPointer<Range<Int>>.allocate(capacity: columns.count)
        defer {
            slotOfField.deallocate()
            spans.deallocate()
        }
        slotOfField.initialize(repeating: -1)
        for (slot, column) in columns.enumerated() { slotOfField[column] = slot }
        let fields = CSVLineFields(
            bytes: bytes, count: count, delimiter: layout.delimiter, last: last, slotOfField: slotOfField, spans: spans)
        var start = 0
        while start < count {
            for slot in spans.indices { spans[slot] = start..<start }
            let end = fields.scanUnquoted(from: start) ?? fields.scanQuoted(from: start)
            let isNew: Bool
            if spans.count == 1 {
                isNew = keys.append(
                    raw: UnsafeRawBufferPointer(start: bytes + spans[0].lowerBound, count: spans[0].count))
            } else {
                // Each field's length before its bytes, so that no two lines' fields run together alike.
                composite.removeAll(keepingCapacity: true)
                for span in spans {
                    withUnsafeBytes(of: UInt32(span.count).littleEndian) { composite.append(contentsOf: $0) }
                    composite.append(contentsOf: UnsafeBufferPointer(start: bytes + span.lowerBound, count: span.count))
                }
                isNew = composite.withUnsafeBytes { keys.append(raw: $0) }
            }
            if isNew { keys.addKey(SliceKey(spans.map { Self.text(bytes, $0) })) }
            start = end + 1
        }
        return keys
    }

    /// The key text of the field `span`: without its quotes (`""` read as `"`), surrounding spaces trimmed.
    private static func text(_ bytes: UnsafePointer<UInt8>, _ span: Range<Int>) -> String {
        var i = span.lowerBound
        let end = span.upperBound
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        if i < end, bytes[i] == UInt8(ascii: "\"") {
            var content: [UInt8] = []
            i += 1
            while i < end {
                if bytes[i] == UInt8(ascii: "\"") {
                    guard i + 1 < end, bytes[i + 1] == UInt8(ascii: "\"") else { break }
                    i += 1
                }
                content.append(bytes[i])
                i += 1
            }
            return String(decoding: content, as: UTF8.self)
        }
        var k = end
        while k > i, bytes[k - 1] == UInt8(ascii: " ") { k -= 1 }
        return String(decoding: UnsafeBufferPointer(start: bytes + i, count: k - i), as: UTF8.self)
    }

    private static func npyKeys(_ base: UnsafeRawPointer, _ count: Int, _ layout: NPYLayout) -> ChunkSliceKeys {
        var keys = ChunkSliceKeys()
        let size = layout.recordSize
        guard size > 0 else { return keys }
        let fields = layout.sliceFields
        var composite: [UInt8] = []
        for record in 0..<count / size {
            let start = base + record * size
            let isNew: Bool
            if fields.count == 1 {
                isNew = keys.append(
                    raw: UnsafeRawBufferPointer(start: start + fields[0].offset, count: fields[0].type.size))
            } else {
                composite.removeAll(keepingCapacity: true)
                for field in fields {
                    composite.append(
                        contentsOf: UnsafeRawBufferPointer(start: start + field.offset, count: field.type.size))
                }
                isNew = composite.withUnsafeBytes { keys.append(raw: $0) }
            }
            if isNew { keys.addKey(SliceKey(fields.map { $0.type.keyText(at: start + $0.offset) })) }
        }
        return keys
    }
}
