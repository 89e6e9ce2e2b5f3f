extension ParquetColumnChunkDecoder {
    /// Decodes `chunk`, a slice column's chunk, into a key id per row (-1 for a null) in `ids`, which
    /// receives `rows` entries.
    ///
    /// A dictionary page's entries join the texts as they are (a dictionary-encoded value's id is its entry's);
    /// values of other pages are interned, so the texts grow with the row group's dictionary and distinct
    /// values, never with the file.
    /// - Returns: the texts the ids index (see ``ParquetColumn/ValueType/keyText(_:)``; byte arrays as UTF-8).
    func decodeKeys(_ chunk: UnsafeRawBufferPointer, rows: Int, ids: inout [Int32]) throws -> [String] {
        ids.removeAll(keepingCapacity: true)
        let type = column.type
        var texts = KeyTexts()
        /// Where the dictionary's entries start among the texts, and how many there are.
        var dictionary: (start: Int, count: Int)?
        var idOfPattern: [UInt64: Int32] = [:]
        var nulls: [Bool] = []
        var present: [Int32] = []
        try walkPages(chunk, rows: rows) { page, count in
            let start = texts.texts.count
            if type == .byteArray {
                try ParquetByteArrays.plain(page, count: count, decoder: self) { texts.append(Self.text($0)) }
            } else {
                try plain(page, count: count) { texts.append(type.keyText($0)) }
            }
            dictionary = (start, texts.texts.count - start)
        } data: { page in
            nulls.removeAll(keepingCapacity: true)
            present.removeAll(keepingCapacity: true)
            try nullFlags(page, into: &nulls)
            let count = nulls.lazy.filter { !$0 }.count
            if page.encoding == 2 || page.encoding == 8 {
                guard let dictionary else { throw corrupt("dictionary-encoded values without a dictionary page") }
                try dictionaryIndices(page.data, count: count, dictionarySize: dictionary.count) {
                    present.append(Int32(dictionary.start + $0))
                }
            } else if type == .byteArray {
                try ParquetByteArrays.decode(page.data, encoding: page.encoding, count: count, decoder: self) {
                    present.append(texts.intern(Self.text($0)))
                }
            } else {
                try patterns(page.data, encoding: page.encoding, count: count) { pattern in
                    if let id = idOfPattern[pattern] {
                        present.append(id)
                    } else {
                        let id = texts.intern(type.keyText(pattern))
                        idOfPattern[pattern] = id
                        present.append(id)
                    }
                }
            }
            guard present.count == count else { throw corrupt("a page holds fewer values than its rows") }
            var next = 0
            for isNull in nulls {
                if isNull {
                    ids.append(-1)
                } else {
                    ids.append(present[next])
                    next += 1
                }
            }
        }
        return texts.texts
    }

    /// A byte array's key text: its bytes as UTF-8, exactly (an invalid sequence becomes U+FFFD, as in CSV
    /// fields).
    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
