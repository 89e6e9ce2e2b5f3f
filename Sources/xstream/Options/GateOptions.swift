import ArgumentParser
import XStreamCore

/// Quality gates: thresholds and limits against a baseline report.
struct GateOptions: ParsableArguments {
    @Option(
        name: .customLong("fail-if"),
        help: ArgumentHelp(
            "Exit 1 when this holds, e.g. \"cross_entropy > 0.35\" (OP: < <= > >=; METRIC: any reported metric, rows, invalid_rows). Repeatable.",
            valueName: "METRIC OP VALUE"))
    var failIf: [String] = []

    @Option(help: ArgumentHelp("An earlier --json report to compare against.", valueName: "file"))
    var baseline: String?

    @Option(
        help: ArgumentHelp(
            "With --baseline: exit 1 when METRIC grew by more than X (absolute) or X% (of |baseline|). Repeatable.",
            valueName: "METRIC=X[%]"))
    var maxIncrease: [String] = []

    @Option(
        help: ArgumentHelp(
            "With --baseline: exit 1 when METRIC fell by more than X (absolute) or X% (of |baseline|). Repeatable.",
            valueName: "METRIC=X[%]"))
    var maxDecrease: [String] = []

    var thresholds: [Threshold] { failIf.compactMap(Threshold.init) }

    var limits: [BaselineLimit] {
        maxIncrease.compactMap { BaselineLimit($0, direction: .increase) }
            + maxDecrease.compactMap { BaselineLimit($0, direction: .decrease) }
    }

    var isEmpty: Bool { failIf.isEmpty && baseline == nil }

    func validate() throws {
        for text in failIf where Threshold(text) == nil {
            throw ValidationError(
                "--fail-if \"\(EscapedText.printable(text))\": expected METRIC OP VALUE, e.g. \"mae > 0.2\"")
        }
        for text in maxIncrease where BaselineLimit(text, direction: .increase) == nil {
            throw ValidationError("--max-increase \(EscapedText.printable(text)): expected METRIC=X or METRIC=X%")
        }
        for text in maxDecrease where BaselineLimit(text, direction: .decrease) == nil {
            throw ValidationError("--max-decrease \(EscapedText.printable(text)): expected METRIC=X or METRIC=X%")
        }
        if baseline == nil, !(maxIncrease.isEmpty && maxDecrease.isEmpty) {
            throw ValidationError("--max-increase and --max-decrease need --baseline")
        }
        if baseline != nil, maxIncrease.isEmpty, maxDecrease.isEmpty {
            throw ValidationError("--baseline needs at least one --max-increase or --max-decrease")
        }
    }
}
