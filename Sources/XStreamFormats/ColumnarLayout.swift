/// How the engine hands on the rows of a columnar input (Parquet, Arrow IPC): records of doubles, the used
/// value columns' values one slot after another, then one slot per slice column holding the row's key id in
/// the chunk's ``ColumnarKeyTable``; a null is marked by ``nullPattern`` in any slot.
package struct ColumnarLayout: Sendable {
    /// A signalling NaN that no decoded value is written as (a value's NaN becomes the quiet NaN).
    package static let nullPattern: UInt64 = 0x7FF4_0000_0000_0001

    /// The columns resolved against the input's top-level columns.
    package let columns: ResolvedColumns
    /// The format's name in reports (`parquet`, `arrow`).
    package let formatName: String

    /// A layout for `columns` of an input of `formatName`.
    package init(columns: ResolvedColumns, formatName: String) {
        self.columns = columns
        self.formatName = formatName
    }

    /// Slots per record: the value slots, then the slice columns' key ids (none without slices, so runs
    /// without slices keep records of exactly the value slots).
    package var recordStride: Int { columns.slotNames.count + columns.sliceColumns.count }

    /// Bytes per record: a double per slot.
    package var recordSize: Int { 8 * recordStride }

    /// How a message names the column of record slot `slot` (a value slot or a slice column's).
    package func columnName(ofSlot slot: Int) -> String {
        let values = columns.slotNames.count
        return slot < values ? columns.slotNames[slot] : columns.sliceNames[slot - values]
    }
}

extension ColumnarLayout {
    /// Writes the key ids of rows `range` into records of `stride` doubles at `destination`, in the slots
    /// after the `valueSlots` value slots, one per slice column; a null key (id −1) as ``nullPattern``.
    static func writeKeyIDs(
        _ keyIDs: [[Int32]], rows range: Range<Int>, valueSlots: Int, stride: Int,
        into destination: UnsafeMutablePointer<Double>
    ) {
        for (index, ids) in keyIDs.enumerated() {
            var out = destination + valueSlots + index
            for row in range {
                out.pointee = ids[row] < 0 ? Double(bitPattern: nullPattern) : Double(ids[row])
                out += stride
            }
        }
    }
}
