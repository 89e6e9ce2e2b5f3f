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

    var isEmpty: Bool { failIf.isEmpty && baseline == nil }

    /// The `--fail-if` conditions, their metrics resolved for `task`.
    /// - Throws: ``XStreamError`` (`usage`) for a metric the task does not report.
    func thresholds(for task: PredictionTask) throws -> [Threshold] {
        try failIf.compactMap(GateExpression.threshold).map { name, comparison, value in
            Threshold(try GateQuantity(named: name, for: task), comparison, value)
        }
    }

    /// The baseline limits, their metrics resolved for `task`.
    /// - Throws: ``XStreamError`` (`usage`) for a metric the task does not report.
    func limits(for task: PredictionTask) throws -> [BaselineLimit] {
        let increases = try maxIncrease.compactMap(GateExpression.limit).map { name, amount in
            BaselineLimit(try GateQuantity(named: name, for: task), .increase, amount)
        }
        let decreases = try maxDecrease.compactMap(GateExpression.limit).map { name, amount in
            BaselineLimit(try GateQuantity(named: name, for: task), .decrease, amount)
        }
        return increases + decreases
    }

    func validate() throws {
        for text in failIf where GateExpression.threshold(text) == nil {
            throw ValidationError("--fail-if \"\(text)\": expected METRIC OP VALUE, e.g. \"mae > 0.2\"")
        }
        for text in maxIncrease where GateExpression.limit(text) == nil {
            throw ValidationError("--max-increase \(text): expected METRIC=X or METRIC=X%")
        }
        for text in maxDecrease where GateExpression.limit(text) == nil {
            throw ValidationError("--max-decrease \(text): expected METRIC=X or METRIC=X%")
        }
        if baseline == nil, !(maxIncrease.isEmpty && maxDecrease.isEmpty) {
            throw ValidationError("--max-increase and --max-decrease need --baseline")
        }
        if baseline != nil, maxIncrease.isEmpty, maxDecrease.isEmpty {
            throw ValidationError("--baseline needs at least one --max-increase or --max-decrease")
        }
    }
}
