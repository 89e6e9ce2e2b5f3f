import ArgumentParser
import XStreamCore

/// Slices: the columns that key them and the limit on their number.
struct SliceOptions: ParsableArguments {
    @Option(
        name: .customLong("slice-by"),
        help: ArgumentHelp(
            "Also report every metric per slice, keyed by these columns' values (comma-separated names).",
            valueName: "columns"))
    var sliceBy: String?

    @Option(help: ArgumentHelp("Most distinct slice keys; more is an error.", valueName: "n"))
    var maxSlices: Int = EvaluationOptions.defaultMaxSlices

    /// The slice columns, in the order named.
    var columns: [String] { sliceBy.map(GateExpression.columnNames) ?? [] }

    func validate() throws {
        if columns.contains("") { throw ValidationError("--slice-by must not contain empty names") }
        if Set(columns).count != columns.count { throw ValidationError("--slice-by names a column twice") }
        guard maxSlices >= 1 else { throw ValidationError("--max-slices must be at least 1") }
    }
}

/// Quality gates applied to every slice.
struct SliceGateOptions: ParsableArguments {
    @Option(
        name: .customLong("fail-if-slice"),
        help: ArgumentHelp(
            "Exit 1 when any slice meets the condition 'METRIC OP VALUE' (OP: <, <=, >, >=; METRIC: a metric or rows). Repeatable.",
            valueName: "condition"))
    var failIfSlice: [String] = []

    @Option(help: ArgumentHelp("Slice gates ignore slices with fewer valid rows.", valueName: "n"))
    var minSliceRows: Int = 1

    var isEmpty: Bool { failIfSlice.isEmpty }

    /// The slice gates' outcomes over `report`'s slices.
    /// - Throws: ``XStreamError`` (`usage`) for a metric the task does not report, or for gates without slices.
    func outcomes(for report: EvaluationReport) throws -> [SliceGateOutcome] {
        guard let slices = report.slices else {
            throw XStreamError(.usage, "--fail-if-slice needs slices (--slice-by)")
        }
        return try failIfSlice.compactMap(GateExpression.threshold).map { name, comparison, value in
            let ranked = report.metrics[.rocAUC] != nil
            let threshold = Threshold(
                try GateQuantity(named: name, for: report.task, ranked: ranked), comparison, value)
            return try SliceGateOutcome(threshold, minRows: minSliceRows, slices: slices)
        }
    }

    func validate() throws {
        for expression in failIfSlice where GateExpression.threshold(expression) == nil {
            throw ValidationError("--fail-if-slice takes 'METRIC OP VALUE', e.g. 'mae > 0.3'; got '\(expression)'")
        }
        guard minSliceRows >= 0 else { throw ValidationError("--min-slice-rows must be at least 0") }
    }
}
