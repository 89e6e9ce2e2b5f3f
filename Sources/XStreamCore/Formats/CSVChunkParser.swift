/// Parses the records of one CSV chunk into value slots and feeds them to a ``RowEvaluator``.
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
    ///   - values: Scratch space for one row's slots (labels, then predictions).
    ///   - evaluator: Receives each complete row.
    ///   - outcome: Receives the line count and the invalid rows.
    ///   - strict: Stop at the first invalid row.
    static func parse(
        _ chunk: UnsafeRawBufferPointer, layout: CSVLayout, values: UnsafeMutablePointer<Double>,
        evaluator: inout RowEvaluator, outcome: inout ChunkOutcome, strict: Bool
    ) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        precondition(chunk[chunk.count - 1] == newline, "a CSV chunk must end with a newline")
        let delimiter = layout.delimiter
        let fieldCount = layout.fieldCount
        let settings = evaluator.settings
        layout.slotOfField.withUnsafeBufferPointer { slots in
            var cursor = base.assumingMemoryBound(to: UInt8.self)
            let end = cursor + chunk.count
            var line = 0
            while cursor < end {
                line += 1
                var field = 0
                var fieldProblem: (reason: InvalidReason, slot: Int, start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>)?
                var malformedQuote = false
                var lineEnded = false
                while !lineEnded {
                    let slot = field < fieldCount ? slots[field] : -1
                    field += 1
                    if slot >= 0 {
                        var start = cursor
                        while start.pointee == space { start += 1 }
                        let isQuoted = start.pointee == quote
                        if let (value, after) = DecimalParser.parse(isQuoted ? start + 1 : start) {
                            var next = after
                            var closed = true
                            if isQuoted {
                                closed = next.pointee == quote
                                next += 1
                            }
                            while next.pointee == space { next += 1 }
                            if next.pointee == carriageReturn, next[1] == newline { next += 1 }
                            let terminator = next.pointee
                            if closed, terminator == delimiter || terminator == newline {
                                if value.isFinite {
                                    values[slot] = value
                                } else if fieldProblem == nil {
                                    fieldProblem = (.nonFinite, slot, start, next)
                                }
                                cursor = next + 1
                                lineEnded = terminator == newline
                                continue
                            }
                        }
                        // Not a number: find where the field ends and remember the first such field.
                        let scan = skipField(from: cursor, delimiter: delimiter)
                        if fieldProblem == nil { fieldProblem = (.notANumber, slot, start, scan.contentEnd) }
                        malformedQuote = malformedQuote || scan.malformed
                        cursor = scan.terminator + 1
                        lineEnded = scan.terminator.pointee == newline
                    } else {
                        let scan = skipField(from: cursor, delimiter: delimiter)
                        malformedQuote = malformedQuote || scan.malformed
                        cursor = scan.terminator + 1
                        lineEnded = scan.terminator.pointee == newline
                    }
                }
                let problem: (InvalidReason, () -> String)?
                if malformedQuote {
                    problem = (.malformedQuote, {
                        "malformed quoted field (a quoted field must close on its line, followed by a delimiter or the line end)"
                    })
                } else if field != fieldCount {
                    problem = (.fieldCount, { "expected \(fieldCount) fields, found \(field)" })
                } else if let fieldProblem {
                    problem = (fieldProblem.reason, {
                        let text = fieldText(fieldProblem.start, fieldProblem.end)
                        let reason = DecimalParser.spellsNonFinite(text) || fieldProblem.reason == .nonFinite
                            ? "is not a finite number" : "is not a number"
                        return "column \"\(layout.columns.slotNames[fieldProblem.slot])\": \"\(text)\" \(reason)"
                    })
                } else if let rowProblem = evaluator.evaluate(values) {
                    problem = (rowProblem.reason, {
                        rowProblem.message(
                            slotNames: layout.columns.slotNames, settings: settings,
                            predictionCount: layout.columns.predictionCount)
                    })
                } else {
                    problem = nil
                }
                if let (reason, message) = problem {
                    var reason = reason
                    if reason == .notANumber, case let text = fieldText(fieldProblem!.start, fieldProblem!.end),
                        DecimalParser.spellsNonFinite(text)
                    {
                        reason = .nonFinite
                    }
                    outcome.recordInvalid(reason, at: line - 1, strict: strict, message: message())
                    if strict { break }
                }
            }
            outcome.positions = line
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

    /// The field's text for a message: trimmed, at most 40 characters.
    private static func fieldText(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> String {
        let count = max(0, end - start)
        let text = String(decoding: UnsafeBufferPointer(start: start, count: min(count, 40)), as: UTF8.self)
        return (count > 40 ? text + "…" : text).trimmingSpaces()
    }
}
