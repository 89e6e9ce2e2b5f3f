import ArgumentParser
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

/// `xstream eval`: one exact report over every input.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate predictions: exact dataset-level metrics over every input, read once, on every core.",
        discussion: """
            Inputs are CSV (with a header), NumPy .npy, Parquet or Arrow IPC (Feather v2, stream) files; all but \
            Parquet also plain or compressed with zstd, lz4, gzip, bzip2 or xz (detected from the bytes, not the \
            name); directories, quoted glob patterns and --files-from lists name many at once. Label columns may hold true/false words. Every mean is the correctly \
            rounded exact sum of its terms divided by the count: the same bits for any thread count, chunk \
            size or input order.

            Examples:
              binary, columns label and pred:
                xstream eval shards/*.csv.zst
              every file below a folder, a pattern, a list:
                xstream eval shards/
                xstream eval 'shards/**/*.csv.gz'
                find /data -name '*.zst' | xstream eval --files-from -
              a Parquet or Feather file written by pandas or Polars:
                xstream eval preds.parquet
              multiclass, a class index and K probabilities:
                xstream eval --task multiclass --label y --pred p0,p1,p2 s.csv
              soft labels, a target distribution:
                xstream eval --task soft --label t0,t1 --pred q0,q1 s.csv.lz4
              regression:
                xstream eval --task regression --label y --pred yhat s.npy.zst
              quality gates in CI:
                xstream eval --json -o r.json --fail-if "cross_entropy > 0.35" s/*
                xstream eval --baseline last.json --max-increase mae=0.5% s/*
              one shard of many, merged later:
                xstream eval --shard-index 3 --num-shards 16 --partial-out p3.xsp s/*

            Exit status: 0 all good, 1 a quality gate failed, 2 an error (usage, unreadable or invalid input).
            """
    )

    @OptionGroup(title: "Inputs")
    var input: InputOptions

    @OptionGroup(title: "Task and validity")
    var validity: ValidityOptions

    @OptionGroup(title: "Invalid rows")
    var invalidRows: InvalidRowOptions

    @OptionGroup(title: "Columns")
    var columns: ColumnOptions

    @OptionGroup(title: "Weights and prediction format")
    var weighting: WeightingOptions

    @OptionGroup(title: "Slices")
    var slicing: SliceOptions

    @OptionGroup(title: "Report")
    var report: ReportOptions

    @OptionGroup(title: "Quality gates")
    var gates: GateOptions

    @OptionGroup(title: "Slice gates")
    var sliceGates: SliceGateOptions

    @OptionGroup(title: "Ranking metrics")
    var ranking: RankingOptions

    @OptionGroup(title: "Performance")
    var performance: PerformanceOptions

    @OptionGroup(title: "Scale-out")
    var scaleOut: ScaleOutOptions

    func validate() throws {
        do {
            _ = try gates.thresholds(for: validity.task, ranked: ranking.auc)
            _ = try gates.limits(for: validity.task, ranked: ranking.auc)
        } catch let error as XStreamError {
            throw ValidationError(ErrorMessage.messageWithHint(for: error))
        }
        try ranking.check(task: validity.task, weight: weighting.weight)
        try validateScaleOut()
    }

    func run() throws {
        try report.checkOutput()
        let baseline = try gates.loadBaseline()
        var (settings, selection) = weighting.apply(to: validity.settings, columns.selection)
        settings.ranksPredictions = ranking.auc
        selection.slices = slicing.columns
        settings.usesScalarLog = performance.scalarLog
        var options = EvaluationOptions(
            settings: settings, columns: selection, delimiter: columns.delimiterByte,
            threads: performance.threads ?? EvaluationOptions.activeProcessorCount,
            chunkSize: performance.chunkSize.bytes, maxLineLength: performance.maxLineLength.bytes,
            maxWindowLog: performance.maxWindowLog, skipInvalid: invalidRows.skips, maxInvalid: invalidRows.limit,
            repeatedHeaders: invalidRows.repeatedHeaders)
        options.maxSlices = slicing.maxSlices
        options.rankingMemory = ranking.memory.bytes
        if let directory = ranking.temporaryDirectory { options.temporaryDirectory = directory }
        let sources = try inputSources()
        if let path = scaleOut.partialOut { return try writePartial(to: path, options: options, sources: sources) }
        let evaluation = try Evaluation(inputs: sources, options: options)
        let progress = report.progressLine(for: evaluation)
        let result: EvaluationResult
        do {
            result = try evaluation.run()
            progress?.finish()
        } catch {
            progress?.finish()
            throw error
        }
        var evaluationReport = EvaluationReport(result)
        if !gates.isEmpty {
            evaluationReport.gates = try GateOutcomes.evaluate(
                evaluationReport, thresholds: gates.thresholds(for: validity.task, ranked: ranking.auc),
                limits: gates.limits(for: validity.task, ranked: ranking.auc), baseline: baseline)
        }
        if !sliceGates.isEmpty { evaluationReport.sliceGates = try sliceGates.outcomes(for: evaluationReport) }
        try report.emit(evaluationReport)
        if !evaluationReport.passed { throw ExitCode(1) }
    }
}
