import ArgumentParser
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

extension Baseline.MismatchPolicy: ExpressibleByArgument {}

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

    @Option(
        help: ArgumentHelp(
            "With --baseline: what to do when the baseline was made with other settings (task, eps, sum tolerance, columns): refuse (exit 2) or warn (compare, and list the differences in the report).",
            valueName: "refuse|warn"))
    var baselineMismatch: Baseline.MismatchPolicy = .refuse

    @Option(
        help: ArgumentHelp(
            "With --baseline: 'ok' accepts a baseline file that does not exist (a first run: nothing is compared, the report says so); 'error' (the default) refuses it.",
            valueName: "error|ok"))
    var baselineMissing: MissingBaseline = .error

    /// Whether a baseline file that does not exist is an error.
    enum MissingBaseline: String, ExpressibleByArgument {
        case error, ok
    }

    var isEmpty: Bool { failIf.isEmpty && baseline == nil }

    /// The baseline, read and decoded, or nil without `--baseline`.
    /// - Throws: ``XStreamError`` (`invalidBaseline`) for a file that cannot be read (a missing one unless
    ///   allowed), is larger than 64 MiB, or is not an xstream JSON report.
    func loadBaseline() throws -> Baseline? {
        guard let path = baseline else { return nil }
        let source: FileByteSource
        do {
            source = try FileByteSource(path: path)
        } catch let error as XStreamError {
            if baselineMissing == .ok, (error.cause as? SystemFailure)?.number == ENOENT {
                return Baseline(path: path, report: nil, mismatchPolicy: baselineMismatch)
            }
            let reason = error.cause as? SystemFailure ?? SystemFailure(number: EISDIR)
            throw XStreamError(
                .invalidBaseline, "cannot read the baseline", at: Location(path), cause: reason,
                remedy: reason.number == ENOENT ? .allowMissingBaseline : nil)
        }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        func read() throws -> Int {
            do {
                return try block.withUnsafeMutableBytes { try source.read(into: $0) }
            } catch let error as XStreamError {
                throw XStreamError(
                    .invalidBaseline, "cannot read the baseline", at: Location(path), cause: error.cause)
            }
        }
        while case let count = try read(), count > 0 {
            bytes += block[..<count]
            if bytes.count > 64 << 20 { throw XStreamError(.invalidBaseline, "larger than 64 MiB", at: Location(path)) }
        }
        let report = try EvaluationReport(json: String(decoding: bytes, as: UTF8.self), name: path)
        return Baseline(path: path, report: report, mismatchPolicy: baselineMismatch)
    }

    /// The `--fail-if` conditions, their metrics resolved for `task` (with the ranking metrics when `ranked`).
    /// - Throws: ``XStreamError`` (`usage`) for a metric the task does not report.
    func thresholds(for task: PredictionTask, ranked: Bool) throws -> [Threshold] {
        try failIf.compactMap(GateExpression.threshold).map { name, comparison, value in
            Threshold(try GateQuantity(named: name, for: task, ranked: ranked), comparison, value)
        }
    }

    /// The baseline limits, their metrics resolved for `task` (with the ranking metrics when `ranked`).
    /// - Throws: ``XStreamError`` (`usage`) for a metric the task does not report.
    func limits(for task: PredictionTask, ranked: Bool) throws -> [BaselineLimit] {
        let increases = try maxIncrease.compactMap(GateExpression.limit).map { name, amount in
            BaselineLimit(try GateQuantity(named: name, for: task, ranked: ranked), .increase, amount)
        }
        let decreases = try maxDecrease.compactMap(GateExpression.limit).map { name, amount in
            BaselineLimit(try GateQuantity(named: name, for: task, ranked: ranked), .decrease, amount)
        }
        return increases + decreases
    }

    func validate() throws {
        for text in failIf where GateExpression.threshold(text) == nil {
            throw ValidationError(
                "--fail-if \"\(EscapedText.printable(text))\": expected METRIC OP VALUE, e.g. \"mae > 0.2\"")
        }
        for text in maxIncrease where GateExpression.limit(text) == nil {
            throw ValidationError("--max-increase \(EscapedText.printable(text)): expected METRIC=X or METRIC=X%")
        }
        for text in maxDecrease where GateExpression.limit(text) == nil {
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
