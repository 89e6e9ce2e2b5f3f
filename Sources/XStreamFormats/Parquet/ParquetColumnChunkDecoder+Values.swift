extension ParquetColumnChunkDecoder {
    /// Decodes `page`, a value column's data page, into `rows` (one entry a row of the page): each row's value
    /// as a double, a null as ``ColumnarLayout/nullPattern``, a NaN as the quiet NaN so that it cannot be
    /// taken for one.
    ///
    /// The values are decoded in typed loops straight into the rows; when the page has nulls, they go to the
    /// front of the rows first and are then spread out from the back.
    /// - Parameter dictionary: The chunk's dictionary, decoded by ``plainValues(_:into:)``, if it has one.
    func decode(
        _ page: DataPage, dictionary: UnsafeBufferPointer<Double>?, into rows: UnsafeMutableBufferPointer<Double>
    ) throws {
        precondition(rows.count == page.count)
        let levels = try definitionLevels(page)
        let present = levels.map { $0.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } } ?? page.count
        let front = UnsafeMutableBufferPointer(rebasing: rows[..<present])
        if page.encoding == 2 || page.encoding == 8 {
            guard let dictionary else { throw corrupt("dictionary-encoded values without a dictionary page") }
            try dictionaryValues(page.data, dictionary: dictionary, into: front)
        } else if page.encoding == 0 {
            try plainValues(page.data, into: front)
        } else {
            var next = 0
            let type = column.type
            try patterns(page.data, encoding: page.encoding, count: present) { pattern in
                guard next < front.count else { return }
                front[next] = Self.quieted(type.double(pattern))
                next += 1
            }
            guard next == present else { throw corrupt("a page holds fewer values than its rows") }
        }
        if let levels { Self.spread(rows, present: present, levels: levels) }
    }

    /// The page's definition levels, or nil when every row is defined (no levels, or one run of "defined").
    private func definitionLevels(_ page: DataPage) throws -> UnsafeBufferPointer<UInt32>? {
        guard let definitions = page.definitions else { return nil }
        var decoder = ParquetHybridDecoder(definitions, bitWidth: 1)
        if let value = decoder.singleRun(count: page.count), value != 0 { return nil }
        decoder = ParquetHybridDecoder(definitions, bitWidth: 1)
        let levels = scratch.words(page.count, in: scratch.levels)
        guard decoder.decode(count: page.count, into: levels) else { throw corrupt("malformed definition levels") }
        return UnsafeBufferPointer(levels)
    }

    /// Moves the first `present` entries of `rows` to the rows whose level is not 0, from the back so that
    /// none is overwritten before it moves, and marks the others null.
    private static func spread(
        _ rows: UnsafeMutableBufferPointer<Double>, present: Int, levels: UnsafeBufferPointer<UInt32>
    ) {
        let null = Double(bitPattern: ColumnarLayout.nullPattern)
        var next = present
        var row = rows.count
        while row > 0 {
            row -= 1
            if levels[row] == 0 {
                rows[row] = null
            } else {
                next -= 1
                rows[row] = rows[next]
            }
        }
    }

    /// Dictionary-encoded values: the indices (RLE / bit-packed hybrid after a bit-width byte) decoded at
    /// once, then looked up, each checked against the dictionary's size.
    private func dictionaryValues(
        _ data: UnsafeRawBufferPointer, dictionary: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) throws {
        guard let width = data.first.map(Int.init), width <= 32 else { throw corrupt("malformed dictionary indices") }
        var decoder = ParquetHybridDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: width)
        let indices = scratch.words(out.count, in: scratch.indices)
        guard decoder.decode(count: out.count, into: indices) else { throw corrupt("malformed dictionary indices") }
        if out.isEmpty { return }
        guard let last = dictionary.indices.last else { throw corrupt("malformed dictionary indices") }
        // Clamped so that the loop has no branch; an index out of range fails the page after it.
        var largest = 0
        for i in 0..<out.count {
            let index = Int(indices[i])
            largest = max(largest, index)
            out[i] = dictionary[min(index, last)]
        }
        guard largest <= last else { throw corrupt("malformed dictionary indices") }
    }

    /// PLAIN numbers (little-endian integers and floats, booleans one bit each, LSB first), one typed loop a
    /// type, widened to doubles (see ``ParquetColumn/ValueType/double(_:)``).
    func plainValues(_ data: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Double>) throws {
        let count = out.count
        let type = column.type
        try checkPlain(data, count: count)
        if type == .boolean {
            for i in 0..<count { out[i] = Double((data[i >> 3] >> UInt8(i & 7)) & 1) }
            return
        }
        guard let base = data.baseAddress else { return }
        /// The values as `T` (little-endian), each made a double by `widen`: one specialized loop per type.
        @inline(__always) func widening<T: FixedWidthInteger>(_: T.Type, _ widen: (T) -> Double) {
            for i in 0..<count {
                out[i] = widen(
                    T(littleEndian: base.loadUnaligned(fromByteOffset: MemoryLayout<T>.size * i, as: T.self)))
            }
        }
        switch type {
        case .int32: widening(Int32.self) { Double($0) }
        case .uint32: widening(UInt32.self) { Double($0) }
        case .int64: widening(Int64.self) { Double($0) }
        case .uint64: widening(UInt64.self) { Double($0) }
        case .float: widening(UInt32.self) { Self.quieted(Double(Float(bitPattern: $0))) }
        case .double: widening(UInt64.self) { Self.quieted(Double(bitPattern: $0)) }
        case .boolean, .byteArray: throw corrupt("PLAIN values shorter than the page")
        }
    }

    /// Checks that `data` holds `count` PLAIN numbers of the column's type.
    /// - Throws: ``XStreamError`` (`corruptData`) when it is shorter.
    func checkPlain(_ data: UnsafeRawBufferPointer, count: Int) throws {
        let width = column.type.width
        let fits =
            column.type == .boolean ? (count + 7) / 8 <= data.count : width > 0 && count <= data.count / width
        guard fits else { throw corrupt("PLAIN values shorter than the page") }
    }

    /// `value`, or the quiet NaN when it is any NaN (no decoded value may carry the null pattern).
    @inline(__always)
    static func quieted(_ value: Double) -> Double { value.isNaN ? .nan : value }
}
