import XStreamCodecs

/// How the engine hands on the rows of a columnar input (Parquet): records of the used columns' values as
/// doubles, one slot after another, a null marked by ``nullPattern``.
package struct ColumnarLayout: Sendable {
    /// A signalling NaN that no decoded value is written as (a value's NaN becomes the quiet NaN).
    package static let nullPattern: UInt64 = 0x7FF4_0000_0000_0001

    /// The columns resolved against the input's top-level columns.
    package let columns: ResolvedColumns
    /// The format's name in reports (`parquet`).
    package let formatName: String

    /// A layout for `columns` of an input of `formatName`.
    /// - Throws: ``XStreamError`` (`usage`) when slices are asked for: columnar inputs do not read slice keys yet.
    package init(columns: ResolvedColumns, formatName: String, input: String) throws {
        guard columns.sliceColumns.isEmpty else {
            throw XStreamError(
                .usage, "slices are not read from \(formatName) inputs yet (only from CSV and .npy)",
                at: Location(input))
        }
        self.columns = columns
        self.formatName = formatName
    }

    /// Bytes per record: a double per slot.
    package var recordSize: Int { 8 * columns.slotNames.count }
}
