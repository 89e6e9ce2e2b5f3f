import XStreamCodecs

/// How to read the records of one `.npy` input: record size, and where and how each value slot is stored.
package struct NPYLayout: Sendable {
    /// One value slot: its byte offset in the record and its type.
    package struct SlotField: Sendable {
        var offset: Int
        var type: NPYScalarType
    }

    /// The size of one record.
    package let recordSize: Int
    /// Records the header declares.
    package let recordCount: Int
    /// The bytes before the first record.
    let headerLength: Int
    /// Where each value slot is read from.
    let slots: [SlotField]
    /// Where each slice column is read from.
    let sliceFields: [SlotField]
    /// The columns resolved against the header.
    package let columns: ResolvedColumns

    /// - Throws: ``XStreamError`` (`invalidHeader`) for a missing column or one whose type is not a number.
    package init(header: NPYHeader, selection: ColumnSelection, path: String) throws {
        let names = header.fields.map(\.name)
        let columns = try ResolvedColumns(
            header: names, selection: selection, defaultLabel: header.isTwoDimensional ? "0" : "label", input: path)
        slots = try columns.slotColumns.map { column in
            let field = header.fields[column]
            guard let type = field.type else {
                let reason = (try? NPYScalarType(field.typeString, path: path))?.unusableReason ?? "not a number type"
                let name = EscapedText.printable(field.name)
                let typeString = EscapedText.printable(field.typeString, limit: 20)
                throw XStreamError(
                    .invalidHeader, "column \"\(name)\" has type '\(typeString)': \(reason)", at: Location(path))
            }
            return SlotField(offset: field.offset, type: type)
        }
        sliceFields = try columns.sliceColumns.map { column in
            let field = header.fields[column]
            guard let type = field.type else {
                throw XStreamError(
                    .invalidHeader, "slice column \"\(field.name)\" has type '\(field.typeString)': not a number type",
                    at: Location(path))
            }
            return SlotField(offset: field.offset, type: type)
        }
        recordSize = header.recordSize
        recordCount = header.recordCount
        headerLength = header.headerLength
        self.columns = columns
    }
}
