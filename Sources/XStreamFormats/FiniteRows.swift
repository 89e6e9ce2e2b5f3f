/// Finds where rows of doubles stop being finite: how a chunk decoder finds the first invalid row of a batch.
enum FiniteRows {
    /// How many rows from the first have only finite values, among `rows` rows of `stride` doubles each at
    /// `values`.
    @inline(__always)
    static func leading(_ values: UnsafePointer<Double>, rows: Int, stride: Int) -> Int {
        // An all-ones exponent (infinity or NaN) plus one carries into the sign bit; no other exponent does.
        // The whole batch is checked with this branch-free reduction before any row is looked at.
        let exponentMask: UInt64 = 0x7FF0_0000_0000_0000
        var carries: UInt64 = 0
        for i in 0..<rows &* stride { carries |= (values[i].bitPattern & exponentMask) &+ 0x0010_0000_0000_0000 }
        guard carries >> 63 != 0 else { return rows }
        var row = values
        for index in 0..<rows {
            for slot in 0..<stride where !row[slot].isFinite { return index }
            row += stride
        }
        return rows
    }
}
