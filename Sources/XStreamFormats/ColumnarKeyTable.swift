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

/// One slice column's key texts by id while a row group or record batch is read: a text interned once, and a
/// dictionary's entries appended as they are (their ids are their positions).
struct KeyTexts {
    /// The texts, by id.
    private(set) var texts: [String] = []
    private var idOfText: [String: Int32] = [:]

    /// The id of `text`: its earlier interned id, or a new one.
    mutating func intern(_ text: String) -> Int32 {
        if let id = idOfText[text] { return id }
        let id = Int32(texts.count)
        idOfText[text] = id
        texts.append(text)
        return id
    }

    /// Gives `text` the next id, whether or not it was seen (a dictionary entry).
    mutating func append(_ text: String) { texts.append(text) }
}
