extension ParquetColumn.ValueType {
    /// The slice-key text of `pattern` (the low `width` bytes, as ``double(_:)`` reads them): a decimal
    /// integer of the exact value (64-bit integers too, never through a double), booleans 0 or 1, floats the
    /// shortest text that reads back as the same double, spelled as Python's `repr` spells it (`3.0`, `1e-05`,
    /// `-0.0`, `nan`; float32 widened first).
    func keyText(_ pattern: UInt64) -> String {
        switch self {
        case .boolean: pattern & 1 == 0 ? "0" : "1"
        case .int32: String(Int32(truncatingIfNeeded: pattern))
        case .uint32: String(UInt32(truncatingIfNeeded: pattern))
        case .int64: String(Int64(bitPattern: pattern))
        case .uint64: String(pattern)
        case .float, .double, .byteArray: double(pattern).description
        }
    }
}
