import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

extension ReportOptions {
    /// A progress line for `evaluation` when one is asked for (by default: when stderr is a terminal).
    func progressLine(for evaluation: Evaluation) -> ProgressLine? {
        let isTerminal = isatty(STDERR_FILENO) == 1
        return (progress ?? isTerminal) ? ProgressLine(evaluation: evaluation, redraws: isTerminal) : nil
    }

    /// Checks that `-o` can be written before any input is read, so a bad path is not found after the run.
    func checkOutput() throws {
        if let output { try OutputFile.checkWritable(output) }
    }

    /// Prints `report` as asked (the table, or `--json`), writes it to `-o` first, and warns on stderr about
    /// baseline settings that were compared anyway.
    func emit(_ report: EvaluationReport) throws {
        for mismatch in report.gates?.baseline?.mismatches ?? [] {
            Standard.error("xstream: warning: the baseline differs, compared anyway: \(mismatch)")
        }
        // The JSON text only when it is written: a table run over thousands of inputs need not encode them.
        let text = json || output != nil ? report.jsonText() : ""
        if let output { try AtomicFile.write(text, to: output) }
        Standard.output(json ? text : ReportRenderer.table(report, allInputs: inputs == .all))
    }
}
