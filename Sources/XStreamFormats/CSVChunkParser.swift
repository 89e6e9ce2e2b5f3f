import XStreamCodecs

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
    ///
    /// Generic over the consumer only at batch granularity: the per-line work is ``fillBatch(_:_:)``, which is
    /// not generic, so it is fully optimized in this module whatever module the consumer comes from.
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
        layout.slotOfField.withUnsafeBufferPointer { slots in
            var scan = LineScan(
                cursor: base.assumingMemoryBound(to: UInt8.self),
                end: base.assumingMemoryBound(to: UInt8.self) + chunk.count,
                layout: layout, slots: slots, batch: batch)
            while true {
                let first = scan.line
                let stop = fillBatch(&scan, batch)
                // The rows before an invalid one are consumed first, so invalid rows are recorded in line order.
                if let stopped = batch.flush(
                    rows: scan.line - first, firstPosition: first, into: &consumer, outcome: &outcome, strict: strict,
                    columns: layout.columns)
                {
                    outcome.positions = stopped
                    return
                }
                switch stop {
                case .batchFull:
                    continue
                case .end:
                    outcome.positions = scan.line
                    return
                case .repeatedHeader where layout.repeatedHeaders == .skip:
                    scan.line += 1
                case .repeatedHeader:
                    outcome.recordInvalid(
                        .repeatedHeader, at: scan.line, strict: strict,
                        message: "the line repeats the header (files concatenated into one stream?)",
                        remedy: .skipRepeatedHeaders)
                    scan.line += 1
                    if strict {
                        outcome.positions = scan.line
                        return
                    }
                case .invalid(let reason, let fields, let badNumber):
                    outcome.recordInvalid(
                        reason, at: scan.line, strict: strict,
                        message: message(
                            reason, fields: fields, expected: layout.fieldCount, badNumber: badNumber, layout: layout),
                        remedy: badNumber.map { layout.columns.isDefaultPrediction(slot: $0.slot) } == true
                            ? .chooseColumns : nil,
                        column: badNumber.map { layout.columns.slotNames[$0.slot] }, text: badNumber?.text)
                    scan.line += 1
                    if strict {
                        outcome.positions = scan.line
                        return
                    }
                }
            }
        }
    }

    /// Where the line scan of a chunk is.
    private struct LineScan {
        var cursor: UnsafePointer<UInt8>
        let end: UnsafePointer<UInt8>
        let layout: CSVLayout
        let slots: UnsafeBufferPointer<Int>
        let batch: RowBatch
        /// The chunk-local index of the next line.
        var line = 0
    }

    /// Why ``fillBatch(_:_:)`` stopped.
    private enum BatchStop {
        /// The batch holds ``RowBatch/capacity`` rows.
        case batchFull
        /// The chunk has no more lines.
        case end
        /// Line `scan.line` is invalid (its bytes are consumed, its line number is not).
        case invalid(InvalidReason, fields: Int, badNumber: BadNumber?)
        /// Line `scan.line` repeats the header (consumed as `invalid` is).
        case repeatedHeader
    }

    /// Parses lines into `batch` from its start until it is full, the chunk ends, or a line is invalid; the
    /// rows written are lines `line` (before) ..< `scan.line` (after).
    private static func fillBatch(_ scan: inout LineScan, _ batch: RowBatch) -> BatchStop {
        let delimiter = scan.layout.delimiter
        let fieldCount = scan.layout.fieldCount
        let labelCount = scan.layout.columns.labelCount
        let slots = scan.slots
        let end = scan.end
        let stride = batch.stride
        var cursor = scan.cursor
        var line = scan.line
        var values = batch.storage
        let valuesEnd = batch.storage + RowBatch.capacity * stride
        defer {
            scan.cursor = cursor
            scan.line = line
        }
        while cursor < end {
            if values == valuesEnd { return .batchFull }
            if let next = plainLine(
                at: cursor, slots: slots, labelCount: labelCount, delimiter: delimiter, values: values)
            {
                cursor = next
                line &+= 1
                values += stride
                continue
            }
            // Anything else (spaces, quotes, a bad field, a wrong field count) goes field by field.
            let lineStart = cursor
            var field = 0
            var badNumber: BadNumber?
            var malformedQuote = false
            var lineEnded = false
            repeat {
                let slot = field < fieldCount ? slots[field] : -1
                field += 1
                if slot >= 0,
                    let (value, terminator) = numericField(
                        at: cursor, delimiter: delimiter, isLabel: slot < labelCount),
                    value.isFinite
                {
                    values[slot] = value
                    cursor = terminator + 1
                    lineEnded = terminator.pointee == newline
                    continue
                }
                // An unused column, or a used one without a finite number (the first such is remembered).
                let skipped = skipField(from: cursor, delimiter: delimiter)
                if slot >= 0, badNumber == nil {
                    badNumber = BadNumber(slot: slot, start: cursor, end: skipped.contentEnd)
                }
                malformedQuote = malformedQuote || skipped.malformed
                cursor = skipped.terminator + 1
                lineEnded = skipped.terminator.pointee == newline
            } while !lineEnded
            let reason: InvalidReason
            if malformedQuote {
                reason = .malformedQuote
            } else if field != fieldCount {
                reason = .fieldCount
            } else if let badNumber {
                reason = DecimalParser.spellsNonFinite(badNumber.text) || badNumber.overflows ? .nonFinite : .notANumber
            } else {
                line &+= 1
                values += stride
                continue
            }
            // The invalid line is left for the caller to record; its bytes are consumed.
            if reason == .notANumber, repeatsHeader(lineStart..<cursor, scan.layout.headerLine) {
                return .repeatedHeader
            }
            return .invalid(reason, fields: field, badNumber: badNumber)
        }
        return .end
    }

    /// Whether the line in `bytes` (its line end included) is the header line again.
    private static func repeatsHeader(_ bytes: Range<UnsafePointer<UInt8>>, _ header: [UInt8]) -> Bool {
        var end = bytes.upperBound - 1
        if end > bytes.lowerBound, end[-1] == carriageReturn { end -= 1 }
        let line = UnsafeBufferPointer(start: bytes.lowerBound, count: end - bytes.lowerBound)
        return line.elementsEqual(header)
    }

    /// Parses a line of the plain shape almost every file has: each used field a bare number, each unused
    /// one unquoted, no spaces, the right field count, and `\n` or `\r\n` at the end. Slots below `labelCount`
    /// are labels, which may also be `true` / `false` words.
    /// - Returns: the start of the next line, or nil when the line needs the field-by-field path (which
    ///   then reads it again from `start`, and reports whatever is wrong with it).
    @inline(__always)
    private static func plainLine(
        at start: UnsafePointer<UInt8>, slots: UnsafeBufferPointer<Int>, labelCount: Int, delimiter: UInt8,
        values: UnsafeMutablePointer<Double>
    ) -> UnsafePointer<UInt8>? {
        var cursor = start
        let last = slots.count - 1
        var field = 0
        while true {
            guard
                var end = plainField(
                    at: cursor, slot: slots[field], labelCount: labelCount, delimiter: delimiter, values: values)
            else {
                return nil
            }
            if field < last {
                guard end.pointee == delimiter else { return nil }
                cursor = end + 1
                field &+= 1
                continue
            }
            if end.pointee != newline {
                guard end.pointee == carriageReturn, end[1] == newline else { return nil }
                end += 1
            }
            return end + 1
        }
    }

    /// Reads one field of a plain line: a bare finite number (or, for a label, a `true` / `false` word) into its
    /// slot, or an unquoted unused field.
    /// - Returns: where the field ends, or nil when it is not that plain.
    @inline(__always)
    private static func plainField(
        at start: UnsafePointer<UInt8>, slot: Int, labelCount: Int, delimiter: UInt8,
        values: UnsafeMutablePointer<Double>
    ) -> UnsafePointer<UInt8>? {
        guard slot >= 0 else { return unquotedFieldEnd(start, delimiter: delimiter) }
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
        if let (value, end) = DecimalParser.parseFixedPoint(start) {
            values[slot] = value
            return end
        }
        guard
            let (value, end) = DecimalParser.parseAnyForm(start) ?? (slot < labelCount ? booleanLabel(at: start) : nil),
            value.isFinite
        else { return nil }
        values[slot] = value
        return end
    }

    /// Finds the end of an unused field, eight bytes at a time: the first delimiter or newline.
    /// - Returns: where the field ends, or nil when a quote comes first (the field-by-field path reads it).
    @inline(__always)
    private static func unquotedFieldEnd(_ start: UnsafePointer<UInt8>, delimiter: UInt8) -> UnsafePointer<UInt8>? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let delimiters = ones &* UInt64(delimiter)
        let newlines = ones &* UInt64(newline)
        let quotes = ones &* UInt64(quote)
        /// High bits set at the zero bytes of `x`; exact up to its first zero byte, which is all that is used.
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & 0x8080_8080_8080_8080 }
        var cursor = start
        while true {
            // The line's newline comes before the chunk's end, and ``DecimalParser/readAhead`` bytes after it
            // are readable, so every word read here is inside the buffer.
            let word = DecimalParser.loadWord(cursor)
            let stops = zeroBytes(word ^ delimiters) | zeroBytes(word ^ newlines) | zeroBytes(word ^ quotes)
            if stops != 0 {
                let end = cursor + stops.trailingZeroBitCount >> 3
                return end.pointee == quote ? nil : end
            }
            cursor += 8
        }
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

    /// Parses a used field holding a number (or, for a label, a `true` / `false` word): spaces, an optional
    /// quote, the number, the closing quote, spaces.
    /// - Returns: the value and the delimiter or newline that ends the field, or nil when it is not that.
    @inline(__always)
    private static func numericField(at start: UnsafePointer<UInt8>, delimiter: UInt8, isLabel: Bool)
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
        guard let (value, after) = DecimalParser.parse(cursor) ?? (isLabel ? booleanLabel(at: cursor) : nil) else {
            return nil
        }
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
            let byDefault =
                layout.columns.isDefaultPrediction(slot: bad.slot) ? " (a prediction column by default)" : ""
            return "\(layout.columns.columnPhrase(slot: bad.slot))\(byDefault): \"\(bad.text)\" \(what)"
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
