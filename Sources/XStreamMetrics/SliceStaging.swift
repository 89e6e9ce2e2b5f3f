/// Per slice, the rows waiting for the slice's evaluator: up to ``rowsPerSlice`` rows of ``stride`` values
/// each, in one block of memory that grows with the number of slices.
final class SliceStaging {
    /// Values per row.
    let stride: Int
    /// Rows a slice holds before they are handed over.
    let rowsPerSlice: Int
    // Owned by one worker: the per-row accesses need no exclusivity checks.
    @exclusivity(unchecked) private var values: UnsafeMutablePointer<Double>
    @exclusivity(unchecked) private var counts: UnsafeMutablePointer<Int>
    private var capacity: Int

    init(stride: Int, rowsPerSlice: Int) {
        self.stride = stride
        self.rowsPerSlice = rowsPerSlice
        capacity = 16
        values = .allocate(capacity: capacity * rowsPerSlice * stride)
        counts = .allocate(capacity: capacity)
        counts.initialize(repeating: 0, count: capacity)
    }

    deinit {
        values.deallocate()
        counts.deallocate()
    }

    /// Makes room for slices `0..<slices`.
    func reserve(slices: Int) {
        guard slices > capacity else { return }
        let grown = max(2 * capacity, slices)
        let newValues = UnsafeMutablePointer<Double>.allocate(capacity: grown * rowsPerSlice * stride)
        newValues.moveInitialize(from: values, count: capacity * rowsPerSlice * stride)
        values.deallocate()
        values = newValues
        let newCounts = UnsafeMutablePointer<Int>.allocate(capacity: grown)
        newCounts.moveInitialize(from: counts, count: capacity)
        (newCounts + capacity).initialize(repeating: 0, count: grown - capacity)
        counts.deallocate()
        counts = newCounts
        capacity = grown
    }

    /// Stages `row` for `slice`; true when the slice is then full.
    @inline(__always)
    func stage(_ row: UnsafePointer<Double>, slice: Int) -> Bool {
        let count = counts[slice]
        (values + (slice * rowsPerSlice + count) * stride).update(from: row, count: stride)
        counts[slice] = count + 1
        return count + 1 == rowsPerSlice
    }

    /// The rows staged for `slice`, which are then gone.
    func take(_ slice: Int) -> (rows: UnsafePointer<Double>, count: Int) {
        let count = counts[slice]
        counts[slice] = 0
        return (UnsafePointer(values + slice * rowsPerSlice * stride), count)
    }
}
