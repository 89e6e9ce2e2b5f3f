extension NPYScalarType {
    /// The slice-key text of the value at `pointer`: a decimal integer (booleans 0 or 1), or for floats the
    /// shortest text that reads back as the same double, spelled as Python's `repr` spells it (`3.0`, `1e-05`,
    /// `-0.0`, `nan`).
    func keyText(at pointer: UnsafeRawPointer) -> String {
        let isBigEndian = isBigEndian
        func integer<T: FixedWidthInteger>(_ type: T.Type) -> T {
            let raw = pointer.loadUnaligned(as: T.self)
            return isBigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
        }
        switch (kind, size) {
        case (.float, 8): return Double(bitPattern: integer(UInt64.self)).description
        case (.float, 4): return Double(Float(bitPattern: integer(UInt32.self))).description
        case (.bool, _): return pointer.load(as: UInt8.self) == 0 ? "0" : "1"
        case (.unsigned, 1): return String(pointer.load(as: UInt8.self))
        case (.signed, 1): return String(pointer.load(as: Int8.self))
        case (.unsigned, 2): return String(integer(UInt16.self))
        case (.signed, 2): return String(integer(Int16.self))
        case (.unsigned, 4): return String(integer(UInt32.self))
        case (.signed, 4): return String(integer(Int32.self))
        case (.unsigned, _): return String(integer(UInt64.self))
        default: return String(integer(Int64.self))
        }
    }
}
