import ArgumentParser
import XStreamCore

/// `xstream merge`: the report of partial states, as one evaluation over all their inputs would print it.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge partial states written by xstream eval --partial-out into one exact report.",
        discussion: """
            The report is the one `xstream eval` over every input behind the partials would print: the same \
            metric bits, rows, invalid rows and examples, inputs in the order of the partials, then each \
            partial's own order. Gates and --max-invalid apply here, once. Partials whose settings differ \
            (task, eps, sum tolerance, prediction format, weight and slice columns, columns, format version) or \
            that hold the same input are refused; so is a damaged partial (checksum). The slices of all \
            partials together obey --max-slices.

            Examples:
              xstream merge --json -o report.json --fail-if "cross_entropy > 0.35" parts/*.xsp
              xstream merge --partial-out level1-0.xsp p0.xsp p1.xsp p2.xsp     (merges form a tree)
              cat p.xsp | xstream merge - q.xsp

            Exit status: 0 all good, 1 a quality gate failed, 2 an error (usage, unreadable, damaged or \
            incompatible partials, no rows, too many invalid rows).
            """
    )

    @Argument(help: ArgumentHelp("Partial files, or - for one on standard input.", valueName: "partial"))
    var partials: [String]

    @OptionGroup(title: "Report")
    var report: ReportOptions

    @OptionGroup(title: "Quality gates")
    var gates: GateOptions

    @OptionGroup(title: "Slice gates")
    var sliceGates: SliceGateOptions

    @Option(
        help: ArgumentHelp(
            "Fail (exit 2) when more rows than N, or than P% of all rows, were skipped.", valueName: "N|P%"))
    var maxInvalid: String?

    @Option(
        help: ArgumentHelp(
            "Most distinct slice keys in the merged state; more is an error (exit 2).", valueName: "n"))
    var maxSlices: Int = EvaluationOptions.defaultMaxSlices

    @Option(
        help: ArgumentHelp(
            "Write the merged state to this file (- for stdout, and then no report) instead of applying gates.",
            valueName: "file"))
    var partialOut: String?

    func validate() throws {
        guard partials.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("standard input (-) can be read only once")
        }
        guard maxSlices >= 1 else { throw ValidationError("--max-slices must be at least 1") }
        if let maxInvalid, GateExpression.invalidRowLimit(maxInvalid) == nil {
            throw ValidationError("--max-invalid takes a count (1000) or a percentage (0.5%)")
        }
        if partialOut != nil, !gates.isEmpty || !sliceGates.isEmpty || maxInvalid != nil {
            throw ValidationError("gates and --max-invalid apply to a report, not with --partial-out")
        }
    }

    func run() throws {
        try report.checkOutput()
        let baseline = try gates.loadBaseline()
        let merged = try EvaluationPartial.merged(
            partials.map(PartialFile.read), names: partials, maxSlices: maxSlices)
        if let partialOut {
            try PartialFile.write(merged, to: partialOut)
            guard partialOut != "-" else { return }
            return try report.emit(EvaluationReport(merged.result()))
        }
        let task = merged.settings.task
        var evaluationReport = EvaluationReport(
            try merged.finalize(maxInvalid: maxInvalid.flatMap(GateExpression.invalidRowLimit)))
        if !gates.isEmpty {
            evaluationReport.gates = try GateOutcomes.evaluate(
                evaluationReport, thresholds: gates.thresholds(for: task, ranked: merged.settings.ranksPredictions),
                limits: gates.limits(for: task, ranked: merged.settings.ranksPredictions),
                baseline: baseline)
        }
        if !sliceGates.isEmpty { evaluationReport.sliceGates = try sliceGates.outcomes(for: evaluationReport) }
        try report.emit(evaluationReport)
        if !evaluationReport.passed { throw ExitCode(1) }
    }
}
