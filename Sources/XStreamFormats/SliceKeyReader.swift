/// Reads the slice key of every record of a chunk, in record order: a pass of its own beside the value
/// parsers, so runs without slices keep their loops as they are.
///
/// CSV: each slice field as written, without its quotes (`""` read as `"`), surrounding spaces trimmed.
/// `.npy`: integer fields as decimal integers, booleans as 0 or 1, floats as the shortest text that reads
/// back as the same double. Columnar inputs (Parquet, Arrow IPC): the texts their readers put in the chunk's
/// ``ColumnarKeyTable`` (strings as their bytes, integers in decimal, booleans 0 or 1, floats as `.npy`'s). A
/// record too short to hold a slice column, or null there, gets an empty text there (such a record is
/// invalid anyway).
package enum SliceKeyReader {
    /// The keys of the records of `records`, one per record position (CSV: one per line).
    /// - Parameter keyTable: A columnar chunk's key texts, which its records' key ids index.
    package static func keys(
        of records: UnsafeRawBufferPointer, format: RecordFormat, keyTable: ColumnarKeyTable?
    ) -> [SliceKey] {
        switch format {
        case .csv(let layout): csvKeys(records, layout)
        case .npy(let layout): npyKeys(records, layout)
        case .columnar(let layout): columnarKeys(records, layout, keyTable?.texts ?? [])
        }
    }

    private static func columnarKeys(_ records: UnsafeRawBufferPointer, _ layout: ColumnarLayout, _ texts: [[String]])
        -> [SliceKey]
    {
        let stride = layout.recordStride
        let first = layout.columns.slotNames.count
        let count = records.count / layout.recordSize
        // The reader wrote the records as doubles (see ColumnarChunkDecoder).
        guard let slots = records.baseAddress?.assumingMemoryBound(to: Double.self) else { return [] }
        return (0..<count).map { record in
            SliceKey(
                (0..<layout.columns.sliceColumns.count).map { column in
                    let id = slots[record * stride + first + column]
                    guard column < texts.count, id.isFinite, id >= 0, id < Double(texts[column].count) else {
                        return ""
                    }
                    return texts[column][Int(id)]
                })
        }
    }

    private static func csvKeys(_ records: UnsafeRawBufferPointer, _ layout: CSVLayout) -> [SliceKey] {
        let columns = layout.columns.sliceColumns
        let wanted = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        let last = columns.max() ?? -1
        let bytes = records.bindMemory(to: UInt8.self)
        var keys: [SliceKey] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            var values = [String](repeating: "", count: columns.count)
            var field = 0
            var cursor = start
            while field <= last, cursor <= lineEnd {
                let (text, next) = Self.field(bytes, from: cursor, to: lineEnd, delimiter: layout.delimiter)
                if let slot = wanted[field] { values[slot] = text }
                field += 1
                cursor = next
            }
            keys.append(SliceKey(values))
            start = end + 1
        }
        return keys
    }

    /// One field from `start`: its text and where the next field starts (past `end` when it was the last).
    private static func field(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, delimiter: UInt8)
        -> (String, Int)
    {
        var i = start
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        if i < end, bytes[i] == UInt8(ascii: "\"") {
            var content: [UInt8] = []
            i += 1
            while i < end {
                if bytes[i] == UInt8(ascii: "\"") {
                    if i + 1 < end, bytes[i + 1] == UInt8(ascii: "\"") {
                        content.append(UInt8(ascii: "\""))
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                content.append(bytes[i])
                i += 1
            }
            while i < end, bytes[i] != delimiter { i += 1 }
            return (String(decoding: content, as: UTF8.self), i + 1)
        }
        var j = i
        while j < end, bytes[j] != delimiter { j += 1 }
        var k = j
        while k > i, bytes[k - 1] == UInt8(ascii: " ") { k -= 1 }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<k]), as: UTF8.self), j + 1)
    }

    private static func npyKeys(_ records: UnsafeRawBufferPointer, _ layout: NPYLayout) -> [SliceKey] {
        let count = records.count / max(layout.recordSize, 1)
        guard let base = records.baseAddress else { return [] }
        return (0..<count).map { record in
            SliceKey(
                layout.sliceFields.map { field in
                    field.type.keyText(at: base + record * layout.recordSize + field.offset)
                })
        }
    }
}
