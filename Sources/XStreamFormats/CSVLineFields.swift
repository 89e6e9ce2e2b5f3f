/// Finds the spans of a CSV line's slice fields, and where the line ends, for ``SliceKeyReader``.
///
/// Lines without a quote take one pass eight bytes at a time, every delimiter in a word handled in turn; a
/// line with a quote is read again field by field, byte by byte, with the quoting rules (a quote that opens a
/// field, after spaces, runs to its closing quote, `""` inside being one quote; any other quote is text).
/// A line's last field ends before its `\r\n` or `\n`.
struct CSVLineFields {
    let bytes: UnsafePointer<UInt8>
    /// The chunk's bytes: every line ends with a newline (but the last may end at `count`), and
    /// ``DecimalParser/readAhead`` bytes after `count` are readable (the parsers' buffer contract).
    let count: Int
    let delimiter: UInt8
    /// The last field a slice column needs.
    let last: Int
    /// Per field up to `last`, its slice column's slot, or −1.
    let slotOfField: UnsafeMutableBufferPointer<Int>
    /// Receives each slice field's span; fields the line does not reach keep what they held.
    let spans: UnsafeMutableBufferPointer<Range<Int>>

    private static let newline = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\"")

    /// Records field `field`'s span, ending before a `\r` when it is the line's last.
    @inline(__always)
    private func record(_ field: Int, _ start: Int, _ end: Int, lineEnds: Bool) {
        guard field <= last, slotOfField[field] >= 0 else { return }
        let trimmed = lineEnds && end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
        spans[slotOfField[field]] = start..<trimmed
    }

    /// High bits set at exactly the zero bytes of `x`.
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low) &+ low) | x | low)
    }

    /// Scans the line that starts at `start`.
    /// - Returns: where it ends (its newline, or `count`), or nil when a quote comes before its newline.
    @inline(__always)
    func scanUnquoted(from start: Int) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let delimiters = ones &* UInt64(delimiter)
        let newlines = ones &* UInt64(Self.newline)
        let quotes = ones &* UInt64(Self.quote)
        var field = 0
        var fieldStart = start
        var i = start
        while i < count {
            let word = DecimalParser.loadWord(bytes + i)
            var stops =
                Self.zeroBytes(word ^ delimiters) | Self.zeroBytes(word ^ newlines) | Self.zeroBytes(word ^ quotes)
            while stops != 0 {
                let position = i + stops.trailingZeroBitCount >> 3
                stops &= stops &- 1
                guard position < count else { break }
                let byte = bytes[position]
                if byte == Self.quote { return nil }
                record(field, fieldStart, position, lineEnds: byte == Self.newline)
                if byte == Self.newline { return position }
                field += 1
                fieldStart = position + 1
            }
            i += 8
        }
        record(field, fieldStart, count, lineEnds: true)
        return count
    }

    /// Scans the line that starts at `start` field by field, with the quoting rules.
    /// - Returns: where it ends (its newline, or `count`).
    func scanQuoted(from start: Int) -> Int {
        var field = 0
        var cursor = start
        while true {
            let end = fieldEnd(from: cursor)
            let lineEnds = end == count || bytes[end] == Self.newline
            record(field, cursor, end, lineEnds: lineEnds)
            if lineEnds { return end }
            field += 1
            cursor = end + 1
        }
    }

    /// Where the field that starts at `start` ends: at its delimiter, at the line's newline, or at `count`.
    private func fieldEnd(from start: Int) -> Int {
        var i = start
        while i < count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        if i < count, bytes[i] == Self.quote {
            i += 1
            while i < count, bytes[i] != Self.newline {
                if bytes[i] == Self.quote {
                    if i + 1 < count, bytes[i + 1] == Self.quote {
                        i += 2
                        continue
                    }
                    break
                }
                i += 1
            }
        }
        while i < count, bytes[i] != delimiter, bytes[i] != Self.newline { i += 1 }
        return i
    }
}
