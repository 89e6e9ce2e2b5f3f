/// How to read the records of one `.npy` input: record size, and where and how each value slot is stored.
struct NPYLayout {
    /// One value slot: its byte offset in the record and its type.
    struct SlotField {
        var offset: Int
        var type: NPYScalarType
    }

    /// The size of one record.
    let recordSize: Int
    /// Records the header declares.
    let recordCount: Int
    /// The bytes before the first record.
    let headerLength: Int
    /// Where each value slot is read from.
    let slots: [SlotField]
    /// The columns resolved against the header.
    let columns: ResolvedColumns

    /// - Throws: ``XStreamError`` (`invalidHeader`) for a missing column or one whose type is not a number.
    init(header: NPYHeader, selection: ColumnSelection, task: Task?, path: String) throws {
        let names = header.fields.map(\.name)
        let columns = try ResolvedColumns(
            header: names, selection: selection, defaultLabel: header.isTwoDimensional ? "0" : "label", task: task,
            path: path)
        slots = try columns.slotColumns.map { column in
            let field = header.fields[column]
            guard let type = field.type else {
                let reason = (try? NPYScalarType(field.typeString, path: path))?.unusableReason ?? "not a number type"
                let name = EscapedText.printable(field.name)
                let typeString = EscapedText.printable(field.typeString, limit: 20)
                throw XStreamError(
                    .invalidHeader, "\(path): column \"\(name)\" has type '\(typeString)': \(reason)")
            }
            return SlotField(offset: field.offset, type: type)
        }
        recordSize = header.recordSize
        recordCount = header.recordCount
        headerLength = header.headerLength
        self.columns = columns
    }
}

extension NPYScalarType {
    /// Reads `count` values of this type, one per record, widened to doubles (exactly, except 64-bit
    /// integers beyond 2^53, which round to the nearest double).
    /// - Parameters:
    ///   - source: The first record's value; the next is `recordSize` bytes further.
    ///   - destination: Where the first double goes; the next goes `stride` doubles further.
    func loadColumn(
        from source: UnsafeRawPointer, recordSize: Int, count: Int, into destination: UnsafeMutablePointer<Double>,
        stride: Int
    ) {
        @inline(__always)
        func fill(_ read: (UnsafeRawPointer) -> Double) {
            var source = source
            var destination = destination
            for _ in 0..<count {
                destination.pointee = read(source)
                source += recordSize
                destination += stride
            }
        }
        let isBigEndian = isBigEndian
        @inline(__always)
        func integer<T: FixedWidthInteger>(_ pointer: UnsafeRawPointer, as: T.Type) -> T {
            let raw = pointer.loadUnaligned(as: T.self)
            return isBigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
        }
        switch (kind, size) {
        case (.float, 8): fill { Double(bitPattern: integer($0, as: UInt64.self)) }
        case (.float, 4): fill { Double(Float(bitPattern: integer($0, as: UInt32.self))) }
        case (.unsigned, 1), (.bool, 1): fill { Double($0.load(as: UInt8.self)) }
        case (.signed, 1): fill { Double($0.load(as: Int8.self)) }
        case (.unsigned, 2): fill { Double(integer($0, as: UInt16.self)) }
        case (.signed, 2): fill { Double(integer($0, as: Int16.self)) }
        case (.unsigned, 4): fill { Double(integer($0, as: UInt32.self)) }
        case (.signed, 4): fill { Double(integer($0, as: Int32.self)) }
        case (.unsigned, _): fill { Double(integer($0, as: UInt64.self)) }
        default: fill { Double(integer($0, as: Int64.self)) }
        }
    }
}

/// Decodes the records of one `.npy` chunk into value slots and feeds them to a ``RowConsumer``.
enum NPYChunkDecoder {
    /// Decodes every record of `chunk` (a whole number of records), a batch at a time and column by column,
    /// so each column's type is looked at once per batch.
    /// - Parameters:
    ///   - batch: Room for rows of the layout's slot count; the rows go through it to `consumer`.
    static func decode<Consumer: RowConsumer>(
        _ chunk: UnsafeRawBufferPointer, layout: NPYLayout, batch: RowBatch, consumer: inout Consumer,
        outcome: inout ChunkOutcome, strict: Bool
    ) {
        guard let base = chunk.baseAddress else { return }
        let count = chunk.count / layout.recordSize
        let stride = batch.stride
        var record = 0
        while record < count {
            let rows = min(RowBatch.capacity, count - record)
            let first = base + record * layout.recordSize
            for (slot, field) in layout.slots.enumerated() {
                field.type.loadColumn(
                    from: first + field.offset, recordSize: layout.recordSize, count: rows,
                    into: batch.storage + slot, stride: stride)
            }
            let finiteRows = leadingFiniteRows(batch.storage, rows: rows, stride: stride)
            if let stop = batch.flush(
                rows: finiteRows, firstPosition: record, into: &consumer, outcome: &outcome, strict: strict,
                columns: layout.columns)
            {
                outcome.positions = stop
                return
            }
            record += finiteRows
            guard finiteRows < rows else { continue }
            let values = batch.storage + finiteRows * stride
            let slot = (0..<stride).first { !values[$0].isFinite }!
            outcome.recordInvalid(
                .nonFinite, at: record, strict: strict,
                message:
                    "column \"\(layout.columns.slotNames[slot])\": \(values[slot].shortDescription) is not a finite number"
            )
            record += 1
            if strict { break }
        }
        outcome.positions = record
    }

    /// How many rows from the first have only finite values.
    @inline(__always)
    private static func leadingFiniteRows(_ values: UnsafePointer<Double>, rows: Int, stride: Int) -> Int {
        // An all-ones exponent (infinity or NaN) plus one carries into the sign bit; no other exponent does.
        // The whole batch is checked with this branch-free reduction before any row is looked at.
        let exponentMask: UInt64 = 0x7FF0_0000_0000_0000
        var carries: UInt64 = 0
        for i in 0..<rows &* stride { carries |= (values[i].bitPattern & exponentMask) &+ 0x0010_0000_0000_0000 }
        guard carries >> 63 != 0 else { return rows }
        var row = values
        for index in 0..<rows {
            for slot in 0..<stride where !row[slot].isFinite { return index }
            row += stride
        }
        return rows
    }
}
