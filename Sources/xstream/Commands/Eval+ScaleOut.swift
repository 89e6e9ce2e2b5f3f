import ArgumentParser
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

extension Eval {
    /// The inputs this run reads: the shard's, standard input (or the only input) under its `--input-name`,
    /// each checked.
    /// - Throws: ``XStreamError`` for standard input given twice or an input that cannot be read, and for no
    ///   inputs (a shard may have none only with `--partial-out`).
    func inputSources() throws -> [InputSource] {
        let given = try InputExpansion.paths(input.inputs, listedIn: input.filesFrom)
        let paths = scaleOut.selection.map { $0.select(given) } ?? given
        if paths.isEmpty, let selection = scaleOut.selection {
            guard scaleOut.partialOut != nil else {
                throw XStreamError(
                    .usage,
                    "shard \(selection.index) of \(selection.count) has no inputs (\(given.count) given)")
            }
            return []
        }
        let sources = try InputSource.files(paths)
        guard let name = scaleOut.inputName else { return sources }
        if sources.contains(where: { $0.name == "-" }) { return sources.map { $0.name == "-" ? $0.renamed(name) : $0 } }
        // The one input given, e.g. a Parquet object downloaded to a temporary file (Parquet needs a file).
        guard sources.count == 1 else {
            throw XStreamError(
                .usage, "--input-name names one input, but \(input.inputs[0]) stands for \(sources.count) files")
        }
        return [sources[0].renamed(name)]
    }

    /// `--partial-out`: evaluates the inputs into their exact state and writes it; prints the report (with no
    /// gate and no rule applied) unless the state goes to standard output.
    func writePartial(to path: String, options: EvaluationOptions, sources: [InputSource]) throws {
        var partial = EvaluationPartial(options: options)
        if !sources.isEmpty {
            let evaluation = try Evaluation(inputs: sources, options: options)
            let progress = report.progressLine(for: evaluation)
            defer { progress?.finish() }
            partial = try evaluation.runPartial()
        }
        try PartialFile.write(partial, to: path)
        guard path != "-" else { return }
        try report.emit(EvaluationReport(partial.result()))
    }

    /// Gates and the invalid-row limit are the final merge's: with `--partial-out` they would not be applied.
    func validateScaleOut() throws {
        if scaleOut.inputName != nil, !input.inputs.contains("-"), input.inputs.count != 1 || !input.filesFrom.isEmpty {
            throw ValidationError("--input-name names standard input (-), or the one input when only one is given")
        }
        guard scaleOut.partialOut != nil else { return }
        if !gates.isEmpty || !sliceGates.isEmpty {
            throw ValidationError("gates are applied by xstream merge, not with --partial-out")
        }
        if invalidRows.maxInvalid != nil {
            throw ValidationError("--max-invalid is applied by xstream merge, not with --partial-out")
        }
    }
}
