import ArgumentParser
import XStreamCore

/// Which columns hold labels and predictions, and how CSV fields are separated.
struct ColumnOptions: ParsableArguments {
    @Option(
        name: .customLong("label"),
        help: ArgumentHelp(
            "Label column names or patterns (p_*), comma-separated. (default: label; 0 for 2-D .npy)",
            discussion: "soft: one column per class, the target distribution.", valueName: "names"))
    var labels: String?

    @Option(
        name: .customLong("pred"),
        help: ArgumentHelp(
            "Prediction column names or patterns (p_*, matched in header order), comma-separated. (default: pred for binary and regression when the header has it, else every column that is neither a label nor ignored, in header order)",
            valueName: "names"))
    var predictions: String?

    @Option(
        help: ArgumentHelp(
            "Columns (names or patterns) to leave out of the default predictions and of every pattern, e.g. id,timestamp.",
            valueName: "names"))
    var ignore: String?

    @Option(help: ArgumentHelp("CSV field delimiter: one character, or 'tab'.", valueName: "char"))
    var delimiter: String = ","

    var selection: ColumnSelection {
        ColumnSelection(
            labels: labels.map(GateExpression.columnNames),
            predictions: predictions.map(GateExpression.columnNames),
            ignored: ignore.map(GateExpression.columnNames) ?? [])
    }

    var delimiterByte: UInt8 {
        delimiter == "tab" || delimiter == "\\t" ? UInt8(ascii: "\t") : delimiter.utf8.first!
    }

    func validate() throws {
        let byte = delimiter == "tab" || delimiter == "\\t" ? UInt8(ascii: "\t") : delimiter.utf8.first
        guard delimiter == "tab" || delimiter == "\\t" || delimiter.utf8.count == 1, let byte,
            byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r")
        else {
            throw ValidationError("--delimiter must be one ASCII character other than a quote or a line end, or 'tab'")
        }
        for names in [labels, predictions, ignore].compactMap({ $0 }).map(GateExpression.columnNames)
        where names.contains("") {
            throw ValidationError("column lists must not contain empty names")
        }
    }
}
