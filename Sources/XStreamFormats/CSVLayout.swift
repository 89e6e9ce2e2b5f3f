import XStreamCodecs

/// How to read the records of one CSV input: delimiter, field count and the value slot of each field.
package struct CSVLayout: Sendable {
    /// The field separator byte (`,` by default).
    let delimiter: UInt8
    /// Fields every record must have: the header's column count.
    let fieldCount: Int
    /// For each field, its value slot, or -1 when the column is not used.
    let slotOfField: [Int]
    /// The columns resolved against the header.
    package let columns: ResolvedColumns
    /// The header line's bytes, without its line end: a data line equal to it repeats the header.
    let headerLine: [UInt8]
    /// What to do with such a line.
    let repeatedHeaders: RepeatedHeaderPolicy

    /// Splits a header line (without its line end) into column names, honouring quotes.
    /// A UTF-8 byte-order mark before the first name is dropped.
    package static func splitHeader(_ line: UnsafeRawBufferPointer, delimiter: UInt8, path: String) throws -> [String] {
        var bytes = Array(line)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var names: [String] = []
        var current: [UInt8] = []
        var index = 0
        var inQuotes = false
        var wasQuoted = false
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == delimiter {
                names.append(Self.name(current, wasQuoted: wasQuoted))
                current = []
                wasQuoted = false
            } else if byte == UInt8(ascii: "\""), current.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                inQuotes = true
                wasQuoted = true
                current = []
            } else {
                current.append(byte)
            }
            index += 1
        }
        if inQuotes {
            throw XStreamError(.invalidHeader, "1: unterminated quoted column name in the header", at: Location(path))
        }
        names.append(Self.name(current, wasQuoted: wasQuoted))
        return names
    }

    private static func name(_ bytes: [UInt8], wasQuoted: Bool) -> String {
        let text = EscapedText.decoding(bytes)
        return wasQuoted ? text : text.trimmingSpaces()
    }

    /// Resolves the selected columns against the header's names.
    /// - Throws: ``XStreamError`` (`invalidHeader`) for duplicate or missing columns.
    package init(
        headerLine: UnsafeRawBufferPointer, delimiter: UInt8, selection: ColumnSelection,
        repeatedHeaders: RepeatedHeaderPolicy = .error, path: String
    ) throws {
        let header = try Self.splitHeader(headerLine, delimiter: delimiter, path: path)
        let columns: ResolvedColumns
        do {
            columns = try ResolvedColumns(header: header, selection: selection, defaultLabel: "label", input: path)
        } catch var error as XStreamError {
            // One column whose name holds tabs: a tab-separated file read with another delimiter.
            if header.count == 1, delimiter != UInt8(ascii: "\t"), header[0].contains("\t") {
                error.detail += " (the header has tabs but no \(Character(Unicode.Scalar(delimiter))))"
                error.remedy = .useTabDelimiter
            }
            throw error
        }
        var slotOfField = [Int](repeating: -1, count: header.count)
        for (slot, column) in columns.slotColumns.enumerated() { slotOfField[column] = slot }
        self.delimiter = delimiter
        self.fieldCount = header.count
        self.slotOfField = slotOfField
        self.columns = columns
        var line = Array(headerLine)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        self.headerLine = line
        self.repeatedHeaders = repeatedHeaders
    }

}
