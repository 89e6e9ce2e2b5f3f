import ArgumentParser
import XStreamCore

/// Which columns hold labels and predictions, and how CSV fields are separated.
struct ColumnOptions: ParsableArguments {
    @Option(
        name: .customLong("label"),
        help: ArgumentHelp(
            "Label column name(s), comma-separated. (default: label; 0 for 2-D .npy)",
            discussion: "soft: one column per class, the target distribution.", valueName: "names"))
    var labels: String?

    @Option(
        name: .customLong("pred"),
        help: ArgumentHelp(
            "Prediction column name(s), comma-separated. (default: every column that is not a label, in order)",
            valueName: "names"))
    var predictions: String?

    @Option(help: ArgumentHelp("CSV field delimiter: one character, or 'tab'.", valueName: "char"))
    var delimiter: String = ","

    var selection: ColumnSelection {
        ColumnSelection(
            labels: labels.map(GateExpression.columnNames),
            predictions: predictions.map(GateExpression.columnNames))
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
        for names in [labels, predictions].compactMap({ $0 }).map(GateExpression.columnNames)
        where names.contains("") {
            throw ValidationError("column lists must not contain empty names")
        }
    }
}
