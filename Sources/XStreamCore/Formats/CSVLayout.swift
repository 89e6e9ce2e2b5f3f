/// How to read the records of one CSV input: delimiter, field count and the value slot of each field.
struct CSVLayout {
    /// The field separator byte (`,` by default).
    let delimiter: UInt8
    /// Fields every record must have: the header's column count.
    let fieldCount: Int
    /// For each field, its value slot, or -1 when the column is not used.
    let slotOfField: [Int]
    /// The columns resolved against the header.
    let columns: ResolvedColumns

    /// Splits a header line (without its line end) into column names, honouring quotes.
    /// A UTF-8 byte-order mark before the first name is dropped.
    static func splitHeader(_ line: UnsafeRawBufferPointer, delimiter: UInt8, path: String) throws -> [String] {
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
        if inQuotes { throw XStreamError(.invalidHeader, "\(path):1: unterminated quoted column name in the header") }
        names.append(Self.name(current, wasQuoted: wasQuoted))
        return names
    }

    private static func name(_ bytes: [UInt8], wasQuoted: Bool) -> String {
        let text = EscapedText.decoding(bytes)
        return wasQuoted ? text : text.trimmingSpaces()
    }

    init(header: [String], delimiter: UInt8, selection: ColumnSelection, task: Task?, path: String) throws {
        let columns = try ResolvedColumns(
            header: header, selection: selection, defaultLabel: "label", task: task, path: path)
        var slotOfField = [Int](repeating: -1, count: header.count)
        for (slot, column) in columns.slotColumns.enumerated() { slotOfField[column] = slot }
        self.delimiter = delimiter
        self.fieldCount = header.count
        self.slotOfField = slotOfField
        self.columns = columns
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
