extension CSVChunkParser {
    /// Reads a label written as a word, as pandas (`True`, `False`) and Polars (`true`, `false`) write boolean
    /// columns: `true`, `True` or `TRUE` is 1, `false`, `False` or `FALSE` is 0. Only tried where a label field
    /// is not a number, so plain numeric lines never pay for it; predictions stay numbers only.
    /// - Parameter start: The first byte of the word. Comparisons stop at the first byte that differs, and the
    ///   chunk's final newline differs from every letter, so no read leaves the chunk.
    /// - Returns: the value and the first byte after the word, or nil when no such word starts there.
    static func booleanLabel(at start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        switch start.pointee {
        case UInt8(ascii: "t"):
            return follows(start + 1, "rue") ? (1, start + 4) : nil
        case UInt8(ascii: "T"):
            return follows(start + 1, "rue") || follows(start + 1, "RUE") ? (1, start + 4) : nil
        case UInt8(ascii: "f"):
            return follows(start + 1, "alse") ? (0, start + 5) : nil
        case UInt8(ascii: "F"):
            return follows(start + 1, "alse") || follows(start + 1, "ALSE") ? (0, start + 5) : nil
        default:
            return nil
        }
    }

    /// True when the bytes at `cursor` spell `rest`.
    @inline(__always)
    private static func follows(_ cursor: UnsafePointer<UInt8>, _ rest: StaticString) -> Bool {
        let bytes = rest.utf8Start
        for index in 0..<rest.utf8CodeUnitCount where cursor[index] != bytes[index] { return false }
        return true
    }
}
