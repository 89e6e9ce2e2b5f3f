/// The slice-key texts of the rows of one columnar row group (Parquet) or record batch (Arrow IPC).
///
/// Each record of a columnar chunk holds, after its value slots, one slot per slice column with the row's key
/// id there as a double (exact: ids are below 2^31), or ``ColumnarLayout/nullPattern`` for a null. The id
/// indexes that column's texts here. A table covers one row group or batch (for a dictionary-encoded Arrow
/// column, its dictionary), so it grows with the row group, never with the file; the chunks of a row group
/// share it without copying.
package struct ColumnarKeyTable: Sendable {
    /// One table per slice column, in the order the columns were named: the key texts by id.
    package var texts: [[String]]

    /// A table of `texts`, one array per slice column.
    package init(texts: [[String]]) { self.texts = texts }
}
