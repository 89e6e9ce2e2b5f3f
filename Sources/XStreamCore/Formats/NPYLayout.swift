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
                throw XStreamError(
                    .invalidHeader, "\(path): column \"\(field.name)\" has type '\(field.typeString)': \(reason)")
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
    /// Reads a value of this type at `pointer`, widened to a double (exactly, except 64-bit integers
    /// beyond 2^53, which round to the nearest double).
    @inline(__always)
    func load(_ pointer: UnsafeRawPointer) -> Double {
        switch (kind, size) {
        case (.float, 8):
            let bits = pointer.loadUnaligned(as: UInt64.self)
            return Double(bitPattern: isBigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits))
        case (.float, 4):
            let bits = pointer.loadUnaligned(as: UInt32.self)
            return Double(Float(bitPattern: isBigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits)))
        case (.unsigned, 1), (.bool, 1):
            return Double(pointer.load(as: UInt8.self))
        case (.signed, 1):
            return Double(pointer.load(as: Int8.self))
        case (.unsigned, 2):
            let raw = pointer.loadUnaligned(as: UInt16.self)
            return Double(isBigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw))
        case (.signed, 2):
            let raw = pointer.loadUnaligned(as: UInt16.self)
            return Double(Int16(bitPattern: isBigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)))
        case (.unsigned, 4):
            let raw = pointer.loadUnaligned(as: UInt32.self)
            return Double(isBigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
        case (.signed, 4):
            let raw = pointer.loadUnaligned(as: UInt32.self)
            return Double(Int32(bitPattern: isBigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)))
        case (.unsigned, _):
            let raw = pointer.loadUnaligned(as: UInt64.self)
            return Double(isBigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
        default:
            let raw = pointer.loadUnaligned(as: UInt64.self)
            return Double(Int64(bitPattern: isBigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)))
        }
    }
}

/// Decodes the records of one `.npy` chunk into value slots and feeds them to a ``RowConsumer``.
enum NPYChunkDecoder {
    /// Decodes every record of `chunk` (a whole number of records).
    static func decode<Consumer: RowConsumer>(
        _ chunk: UnsafeRawBufferPointer, layout: NPYLayout, values: UnsafeMutablePointer<Double>,
        consumer: inout Consumer, outcome: inout ChunkOutcome, strict: Bool
    ) {
        guard let base = chunk.baseAddress else { return }
        let count = chunk.count / layout.recordSize
        layout.slots.withUnsafeBufferPointer { slots in
            var record = 0
            while record < count {
                let pointer = base + record * layout.recordSize
                var nonFiniteSlot = -1
                for slot in 0..<slots.count {
                    let value = slots[slot].type.load(pointer + slots[slot].offset)
                    if !value.isFinite, nonFiniteSlot < 0 { nonFiniteSlot = slot }
                    values[slot] = value
                }
                record += 1
                let problem: RowProblem?
                if nonFiniteSlot >= 0 {
                    problem = RowProblem(reason: .nonFinite, slot: nonFiniteSlot, value: values[nonFiniteSlot])
                } else {
                    problem = consumer.consume(values)
                }
                guard let problem else { continue }
                outcome.recordInvalid(
                    problem.reason, at: record - 1, strict: strict,
                    message: nonFiniteSlot >= 0
                        ? "column \"\(layout.columns.slotNames[nonFiniteSlot])\": \(problem.value.shortDescription) is not a finite number"
                        : consumer.describe(problem, columns: layout.columns))
                if strict { break }
            }
            outcome.positions = record
        }
    }
}
