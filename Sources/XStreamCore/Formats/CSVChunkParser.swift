/// Parses the records of one CSV chunk into value slots and feeds them to a ``RowConsumer``.
///
/// A chunk holds whole lines only and always ends with a newline (the reader guarantees it), which is
/// also the sentinel that keeps every scan inside the buffer. Fields follow RFC 4180: quoted fields may
/// hold delimiters and `""` escapes, but not line breaks. Spaces around a numeric field are allowed.
/// Unused columns are skipped without being parsed.
enum CSVChunkParser {
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let space = UInt8(ascii: " ")

    /// Parses every line of `chunk`.
    /// - Parameters:
    ///   - chunk: Whole lines, the last one ending with `\n`.
    ///   - layout: The input's layout.
    ///   - batch: Room for rows of the layout's slot count; the rows go through it to `consumer`.
    ///   - consumer: Receives each complete row.
    ///   - outcome: Receives the line count and the invalid rows.
    ///   - strict: Stop at the first invalid row.
    static func parse<Consumer: RowConsumer>(
        _ chunk: UnsafeRawBufferPointer, layout: CSVLayout, batch: RowBatch, consumer: inout Consumer,
        outcome: inout ChunkOutcome, strict: Bool
    ) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        precondition(chunk[chunk.count - 1] == newline, "a CSV chunk must end with a newline")
        let delimiter = layout.delimiter
        let fieldCount = layout.fieldCount
        layout.slotOfField.withUnsafeBufferPointer { slots in
            var cursor = base.assumingMemoryBound(to: UInt8.self)
            let end = cursor + chunk.count
            var line = 0
            // Rows parsed but not yet consumed: lines line − pending ..< line, the next one going to `values`.
            var pending = 0
            var values = batch.storage
            var stoppedAt: Int?
            /// Hands the pending rows to the consumer; false when strict mode stopped at one of them.
            func flush() -> Bool {
                stoppedAt = batch.flush(
                    rows: pending, firstPosition: line - pending, into: &consumer, outcome: &outcome, strict: strict,
                    columns: layout.columns)
                pending = 0
                values = batch.storage
                return stoppedAt == nil
            }
            /// Keeps the row just written to `values`; false when a full batch's flush stopped strict mode.
            func keepRow() -> Bool {
                line &+= 1
                pending &+= 1
                values += batch.stride
                return pending < RowBatch.capacity || flush()
            }
            lines: while cursor < end {
                if let next = plainLine(at: cursor, slots: slots, delimiter: delimiter, values: values) {
                    cursor = next
                    if keepRow() { continue }
                    break lines
                }
                // Anything else (spaces, quotes, a bad field, a wrong field count) goes field by field.
                var field = 0
                var badNumber: BadNumber?
                var malformedQuote = false
                var lineEnded = false
                repeat {
                    let slot = field < fieldCount ? slots[field] : -1
                    field += 1
                    if slot >= 0, let (value, terminator) = numericField(at: cursor, delimiter: delimiter),
                        value.isFinite
                    {
                        values[slot] = value
                        cursor = terminator + 1
                        lineEnded = terminator.pointee == newline
                        continue
                    }
                    // An unused column, or a used one without a finite number (the first such is remembered).
                    let scan = skipField(from: cursor, delimiter: delimiter)
                    if slot >= 0, badNumber == nil {
                        badNumber = BadNumber(slot: slot, start: cursor, end: scan.contentEnd)
                    }
                    malformedQuote = malformedQuote || scan.malformed
                    cursor = scan.terminator + 1
                    lineEnded = scan.terminator.pointee == newline
                } while !lineEnded
                let reason: InvalidReason
                if malformedQuote {
                    reason = .malformedQuote
                } else if field != fieldCount {
                    reason = .fieldCount
                } else if let badNumber {
                    reason =
                        DecimalParser.spellsNonFinite(badNumber.text) || badNumber.overflows ? .nonFinite : .notANumber
                } else {
                    if keepRow() { continue }
                    break lines
                }
                // The rows before this one are consumed first, so invalid rows are recorded in line order.
                guard flush() else { break lines }
                outcome.recordInvalid(
                    reason, at: line, strict: strict,
                    message: message(
                        reason, fields: field, expected: fieldCount, badNumber: badNumber, layout: layout))
                line += 1
                if strict {
                    stoppedAt = line
                    break lines
                }
            }
            if stoppedAt == nil { _ = flush() }
            outcome.positions = stoppedAt ?? line
        }
    }

    /// Parses a line of the plain shape almost every file has: each used field a bare number, each unused
    /// one unquoted, no spaces, the right field count, and `\n` or `\r\n` at the end.
    /// - Returns: the start of the next line, or nil when the line needs the field-by-field path (which
    ///   then reads it again from `start`, and reports whatever is wrong with it).
    @inline(__always)
    private static func plainLine(
        at start: UnsafePointer<UInt8>, slots: UnsafeBufferPointer<Int>, delimiter: UInt8,
        values: UnsafeMutablePointer<Double>
    ) -> UnsafePointer<UInt8>? {
        var cursor = start
        let last = slots.count - 1
        for field in 0..<last {
            guard let end = plainField(at: cursor, slot: slots[field], delimiter: delimiter, values: values),
                end.pointee == delimiter
            else { return nil }
            cursor = end + 1
        }
        guard var end = plainField(at: cursor, slot: slots[last], delimiter: delimiter, values: values) else {
            return nil
        }
        if end.pointee != newline {
            guard end.pointee == carriageReturn, end[1] == newline else { return nil }
            end += 1
        }
        return end + 1
    }

    /// Reads one field of a plain line: a bare finite number into its slot, or an unquoted unused field.
    /// - Returns: where the field ends, or nil when it is not that plain.
    @inline(__always)
    private static func plainField(
        at start: UnsafePointer<UInt8>, slot: Int, delimiter: UInt8, values: UnsafeMutablePointer<Double>
    ) -> UnsafePointer<UInt8>? {
        guard slot >= 0 else {
            var cursor = start
            while cursor.pointee != delimiter, cursor.pointee != newline, cursor.pointee != quote { cursor += 1 }
            return cursor.pointee == quote ? nil : cursor
        }
        // A single digit: how labels are written.
        if case let digit = start.pointee &- UInt8(ascii: "0"), digit < 10, start[1] == delimiter || start[1] == newline
        {
            values[slot] = Double(digit)
            return start + 1
        }
        if let (value, end) = DecimalParser.parseFraction(start) {
            values[slot] = value
            return end
        }
        guard let (value, end) = DecimalParser.parse(start), value.isFinite else { return nil }
        values[slot] = value
        return end
    }

    /// A used field that did not hold a finite number.
    private struct BadNumber {
        var slot: Int
        var start: UnsafePointer<UInt8>
        var end: UnsafePointer<UInt8>

        /// The field's text for a message: trimmed, at most 40 characters, control bytes and invalid UTF-8
        /// escaped.
        var text: String {
            let count = max(0, end - start)
            let text = EscapedText.printable(bytes: UnsafeBufferPointer(start: start, count: min(count, 160)))
            return (count > 160 && !text.hasSuffix("…") ? text + "…" : text).trimmingSpaces().trimmingQuotes()
        }

        /// Whether the field is a well-formed number too large for a double (`1e999`).
        var overflows: Bool {
            var cursor = start
            while cursor.pointee == space { cursor += 1 }
            if cursor.pointee == quote { cursor += 1 }
            guard let (value, _) = DecimalParser.parse(cursor) else { return false }
            return value.isInfinite
        }
    }

    /// Parses a used field holding a number: spaces, an optional quote, the number, the closing quote, spaces.
    /// - Returns: the value and the delimiter or newline that ends the field, or nil when it is not that.
    @inline(__always)
    private static func numericField(at start: UnsafePointer<UInt8>, delimiter: UInt8)
        -> (value: Double, terminator: UnsafePointer<UInt8>)?
    {
        var cursor = start
        // A single digit then the field's end: how labels are written, worth its own path.
        if case let digit = cursor.pointee &- UInt8(ascii: "0"), digit < 10,
            cursor[1] == delimiter || cursor[1] == newline
        {
            return (Double(digit), cursor + 1)
        }
        while cursor.pointee == space { cursor += 1 }
        let isQuoted = cursor.pointee == quote
        if isQuoted { cursor += 1 }
        guard let (value, after) = DecimalParser.parse(cursor) else { return nil }
        cursor = after
        if isQuoted {
            guard cursor.pointee == quote else { return nil }
            cursor += 1
        }
        while cursor.pointee == space { cursor += 1 }
        if cursor.pointee == carriageReturn, cursor[1] == newline { cursor += 1 }
        guard cursor.pointee == delimiter || cursor.pointee == newline else { return nil }
        return (value, cursor)
    }

    /// The message for an invalid row; built only when a row is invalid.
    private static func message(
        _ reason: InvalidReason, fields: Int, expected: Int, badNumber: BadNumber?, layout: CSVLayout
    ) -> String {
        switch reason {
        case .malformedQuote:
            return
                "malformed quoted field (a quoted field must close on its line, followed by a delimiter or the line end)"
        case .fieldCount:
            return "expected \(expected) fields, found \(fields)"
        default:
            let bad = badNumber!
            let what = reason == .nonFinite ? "is not a finite number" : "is not a number"
            return "column \"\(EscapedText.printable(layout.columns.slotNames[bad.slot]))\": \"\(bad.text)\" \(what)"
        }
    }

    /// Finds the end of the field starting at `start`, honouring quotes.
    /// - Returns: where its content ends, the delimiter or newline that ends it, and whether a quote was malformed.
    private static func skipField(from start: UnsafePointer<UInt8>, delimiter: UInt8)
        -> (contentEnd: UnsafePointer<UInt8>, terminator: UnsafePointer<UInt8>, malformed: Bool)
    {
        var cursor = start
        while cursor.pointee == space { cursor += 1 }
        if cursor.pointee == quote {
            cursor += 1
            while true {
                let byte = cursor.pointee
                if byte == newline { return (cursor, cursor, true) }
                if byte == quote {
                    if cursor[1] == quote {
                        cursor += 2
                        continue
                    }
                    cursor += 1
                    break
                }
                cursor += 1
            }
            let contentEnd = cursor
            while cursor.pointee == space { cursor += 1 }
            if cursor.pointee == carriageReturn, cursor[1] == newline { cursor += 1 }
            if cursor.pointee == delimiter || cursor.pointee == newline { return (contentEnd, cursor, false) }
            while cursor.pointee != delimiter, cursor.pointee != newline { cursor += 1 }
            return (cursor, cursor, true)
        }
        while cursor.pointee != delimiter, cursor.pointee != newline { cursor += 1 }
        var contentEnd = cursor
        if contentEnd > start, contentEnd[-1] == carriageReturn, cursor.pointee == newline { contentEnd -= 1 }
        return (contentEnd, cursor, false)
    }
}

extension String {
    /// The string without one pair of surrounding double quotes.
    fileprivate func trimmingQuotes() -> String {
        guard count >= 2, first == "\"", last == "\"" else { return self }
        return String(dropFirst().dropLast())
    }
}
