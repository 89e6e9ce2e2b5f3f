/// How the engine hands on the rows of a columnar input (Parquet): records of the used columns' values as
/// doubles, one slot after another, a null marked by ``nullPattern``.
package struct ColumnarLayout: Sendable {
    /// A signalling NaN that no decoded value is written as (a value's NaN becomes the quiet NaN).
    package static let nullPattern: UInt64 = 0x7FF4_0000_0000_0001

    /// The columns resolved against the input's top-level columns.
    package let columns: ResolvedColumns
    /// The format's name in reports (`parquet`).
    package let formatName: String

    /// Bytes per record: a double per slot.
    package var recordSize: Int { 8 * columns.slotNames.count }
}
