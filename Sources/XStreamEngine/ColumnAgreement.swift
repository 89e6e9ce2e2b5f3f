import XStreamCodecs
import XStreamFormats

/// Checks that every input resolves to the same label and prediction columns, in whatever order the inputs'
/// headers are read.
struct ColumnAgreement {
    private struct Columns {
        var input: Int
        var name: String
        var columns: ResolvedColumns
        var names: [String] { columns.slotNames }
    }

    private var first: Columns?

    /// The value columns every input has resolved to so far, labels first: the first input's.
    var agreed: ColumnNames? {
        first.map { ColumnNames(labels: Array($0.columns.labelNames), predictions: Array($0.columns.predictionNames)) }
    }

    /// Records the value columns of `input`.
    /// - Returns: nil when they agree with every input seen so far; otherwise the later of the two inputs
    ///   (by position) and the error naming both.
    mutating func check(_ columns: ResolvedColumns, input: Int, name: String) -> (input: Int, error: XStreamError)? {
        let current = Columns(input: input, name: name, columns: columns)
        guard let first else {
            self.first = current
            return nil
        }
        guard first.names != current.names else { return nil }
        let (early, late) = first.input < input ? (first, current) : (current, first)
        let list = { (names: [String]) in ResolvedColumns.list(names, limit: 60) }
        let error = XStreamError(
            .invalidHeader,
            "its label and prediction columns [\(list(late.names))] differ from those of \(EscapedText.printable(early.name, limit: 120)) [\(list(early.names))]",
            at: Location(late.name), remedy: .chooseColumns)
        return (late.input, error)
    }
}
