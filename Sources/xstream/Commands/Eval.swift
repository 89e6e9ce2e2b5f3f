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
            Inputs are CSV (with a header) or NumPy .npy files, plain or compressed with zstd or lz4 (detected \
            from the bytes, not the name). Every mean is the correctly rounded exact sum of its terms divided \
            by the count: the same bits for any thread count, chunk size or input order.

            Examples:
              binary, columns label and pred:
                xstream eval shards/*.csv.zst
              multiclass, a class index and K probabilities:
                xstream eval --task multiclass --label y --pred p0,p1,p2 s.csv
              soft labels, a target distribution:
                xstream eval --task soft --label t0,t1 --pred q0,q1 s.csv.lz4
              regression:
                xstream eval --task regression --label y --pred yhat s.npy.zst
              quality gates in CI:
                xstream eval --json -o r.json --fail-if "cross_entropy > 0.35" s/*
                xstream eval --baseline last.json --max-increase mae=0.5% s/*

            Exit status: 0 all good, 1 a quality gate failed, 2 an error (usage, unreadable or invalid input).
            """
    )

    @Argument(help: ArgumentHelp("Input files, or - for standard input.", valueName: "input"))
    var inputs: [String]

    @OptionGroup(title: "Task and validity")
    var validity: ValidityOptions

    @OptionGroup(title: "Columns")
    var columns: ColumnOptions

    @OptionGroup(title: "Report")
    var report: ReportOptions

    @OptionGroup(title: "Quality gates")
    var gates: GateOptions

    @OptionGroup(title: "Performance")
    var performance: PerformanceOptions

    func validate() throws {
        do {
            try GateReport.validate(thresholds: gates.thresholds, limits: gates.limits, task: validity.task)
        } catch let error as XStreamError {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let baseline = try gates.baseline.map { path in (path: path, report: try Self.readBaseline(path)) }
        let options = EvaluationOptions(
            settings: validity.settings, columns: columns.selection, delimiter: columns.delimiterByte,
            threads: performance.threads ?? EvaluationOptions.activeProcessorCount,
            chunkSize: performance.chunkSize.bytes, maxLineLength: performance.maxLineLength.bytes,
            maxWindowLog: performance.maxWindowLog, skipInvalid: validity.skipInvalid,
            maxInvalid: validity.maxInvalid.flatMap(InvalidRowLimit.init))
        let evaluation = try Evaluation(paths: inputs, options: options)
        let progress = (report.progress ?? (isatty(STDERR_FILENO) == 1)) ? ProgressLine(evaluation: evaluation) : nil
        let result: EvaluationResult
        do {
            result = try evaluation.run()
            progress?.finish()
        } catch {
            progress?.finish()
            throw error
        }
        let gateReport =
            gates.isEmpty
            ? nil
            : try GateReport.evaluate(result, thresholds: gates.thresholds, limits: gates.limits, baseline: baseline)
        let json = ReportRenderer.json(result, gates: gateReport).serialized() + "\n"
        if let output = report.output { try AtomicFile.write(json, to: output) }
        Standard.output(report.json ? json : ReportRenderer.table(result, gates: gateReport))
        if gateReport?.failed == true { throw ExitCode(1) }
    }

    private static func readBaseline(_ path: String) throws -> JSONValue {
        guard let file = fopen(path, "r") else {
            throw XStreamError(
                .invalidBaseline, "\(path): cannot open the baseline: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&block, 1, block.count, file)
            if count == 0, ferror(file) != 0 {
                throw XStreamError(
                    .invalidBaseline, "\(path): cannot read the baseline: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += block[0..<count]
            if bytes.count > 64 << 20 { throw XStreamError(.invalidBaseline, "\(path): larger than 64 MiB") }
        }
        do {
            return try JSONValue.parse(String(decoding: bytes, as: UTF8.self))
        } catch let error as XStreamError {
            throw XStreamError(.invalidBaseline, "\(path): \(error.message)")
        }
    }
}
