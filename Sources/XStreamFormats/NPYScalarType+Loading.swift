extension NPYScalarType {
    /// Reads `count` values of this type, one per record, widened to doubles (exactly, except 64-bit
    /// integers beyond 2^53, which round to the nearest double).
    /// - Parameters:
    ///   - source: The first record's value; the next is `recordSize` bytes further.
    ///   - destination: Where the first double goes; the next goes `stride` doubles further.
    func loadColumn(
        from source: UnsafeRawPointer, recordSize: Int, count: Int, into destination: UnsafeMutablePointer<Double>,
        stride: Int
    ) {
        @inline(__always)
        func fill(_ read: (UnsafeRawPointer) -> Double) {
            var source = source
            var destination = destination
            for _ in 0..<count {
                destination.pointee = read(source)
                source += recordSize
                destination += stride
            }
        }
        let isBigEndian = isBigEndian
        @inline(__always)
        func integer<T: FixedWidthInteger>(_ pointer: UnsafeRawPointer, as: T.Type) -> T {
            let raw = pointer.loadUnaligned(as: T.self)
            return isBigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
        }
        switch (kind, size) {
        case (.float, 8): fill { Double(bitPattern: integer($0, as: UInt64.self)) }
        case (.float, 4): fill { Double(Float(bitPattern: integer($0, as: UInt32.self))) }
        case (.unsigned, 1), (.bool, 1): fill { Double($0.load(as: UInt8.self)) }
        case (.signed, 1): fill { Double($0.load(as: Int8.self)) }
        case (.unsigned, 2): fill { Double(integer($0, as: UInt16.self)) }
        case (.signed, 2): fill { Double(integer($0, as: Int16.self)) }
        case (.unsigned, 4): fill { Double(integer($0, as: UInt32.self)) }
        case (.signed, 4): fill { Double(integer($0, as: Int32.self)) }
        case (.unsigned, _): fill { Double(integer($0, as: UInt64.self)) }
        default: fill { Double(integer($0, as: Int64.self)) }
        }
    }
}
