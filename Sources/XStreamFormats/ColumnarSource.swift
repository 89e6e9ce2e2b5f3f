/// A columnar input decoded a row group (Parquet) or record batch (Arrow IPC) at a time, whose rows the
/// engine hands on as records of doubles (see ``ColumnarLayout``).
package protocol ColumnarSource: AnyObject {
    /// The columns resolved against the input's top-level columns.
    var layout: ColumnarLayout { get }
    /// Raw bytes read so far; nil when the input is read as a stream, whose decoder counts them.
    var bytesRead: Int? { get }
    /// The input's fingerprint when it is not read front to back (Parquet: the XXH64 of its footer, which
    /// holds every page's offset and size); nil when the stream's own fingerprint covers every byte.
    var fingerprint: String? { get }
    /// Decodes the used columns of the next row group or record batch.
    /// - Returns: its row count, or nil after the last one.
    func nextRowGroup() throws -> Int?
    /// The key texts of the current row group's slice columns, which the key ids in its records index.
    var keyTable: ColumnarKeyTable { get }
    /// Writes rows `range` of the current row group as records of ``ColumnarLayout/recordStride`` slots (a
    /// null as ``ColumnarLayout/nullPattern``). The ranges of a row group come in order, each starting where
    /// the last ended (Parquet decodes its pages as their rows are copied).
    /// - Throws: ``XStreamError`` for damaged data among the rows.
    func copyRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Double>) throws
}

extension ParquetFile: ColumnarSource {}
