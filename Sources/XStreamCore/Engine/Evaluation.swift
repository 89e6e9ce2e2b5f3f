import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One evaluation of a set of inputs: checks them, runs the worker pool, and returns the exact report.
///
/// ```swift
/// let evaluation = try Evaluation(paths: ["a.csv.zst", "b.csv.zst"],
///                                 options: EvaluationOptions(settings: EvaluationSettings(task: .binary)))
/// let result = try evaluation.run()
/// ```
public final class Evaluation: Sendable {
    /// The inputs, in order.
    public let paths: [String]
    /// The options.
    public let options: EvaluationOptions
    private let scheduler: EvaluationScheduler

    /// Checks that every input can be opened before any work starts.
    /// - Throws: ``XStreamError`` for no inputs, standard input or one file named twice, or an input that cannot
    ///   be read.
    public init(paths: [String], options: EvaluationOptions) throws {
        guard !paths.isEmpty else { throw XStreamError(.usage, "no inputs given") }
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw XStreamError(.usage, "standard input (-) can be read only once")
        }
        var total: Int? = 0
        for path in paths where path != "-" {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw XStreamError(.io, "\(path): cannot open: \(String(cString: strerror(errno)))")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR { throw XStreamError(.io, "\(path): is a directory") }
            guard access(path, R_OK) == 0 else {
                throw XStreamError(.io, "\(path): cannot open: \(String(cString: strerror(errno)))")
            }
            if (info.st_mode & S_IFMT) == S_IFREG {
                // Sparse files can claim sizes near Int.max: a total that overflows is unknown, not a trap.
                total = total.flatMap {
                    $0.addingReportingOverflow(Int(info.st_size)).overflow ? nil : $0 + Int(info.st_size)
                }
            } else {
                total = nil
            }
        }
        if paths.contains("-") { total = nil }
        try DistinctInputs.check(paths)
        self.paths = paths
        self.options = options
        scheduler = EvaluationScheduler(paths: paths, totalCompressedBytes: total, options: options)
    }

    /// How far the evaluation has got; safe to call from any thread while ``run()`` works.
    public var progress: EvaluationProgress { scheduler.progress }

    /// Reads every input once, on `options.threads` workers, and computes the report.
    /// - Throws: the earliest failure in input order (``XStreamError``), or `noRows` when no valid row was
    ///   found, or `tooManyInvalidRows` when skipped rows exceed `options.maxInvalid`.
    public func run() throws -> EvaluationResult {
        let clock = ContinuousClock()
        let start = clock.now
        let scheduler = self.scheduler
        let options = self.options
        DispatchQueue.concurrentPerform(iterations: options.threads) { _ in
            var worker = ChunkWorker(scheduler: scheduler, options: options)
            worker.run()
        }
        let (partial, invalidCounts, breakdown, inputs) = try scheduler.result()
        let invalidRows = invalidCounts.reduce(0, +)
        guard partial.rows > 0 else {
            let skipped = invalidRows > 0 ? " (\(invalidRows) invalid rows skipped)" : ""
            throw XStreamError(.noRows, "no rows to evaluate in the \(paths.count) input(s)\(skipped)")
        }
        if let limit = options.maxInvalid, limit.isExceeded(invalid: invalidRows, total: partial.rows + invalidRows) {
            throw XStreamError(
                .tooManyInvalidRows,
                "\(invalidRows) invalid rows skipped out of \(partial.rows + invalidRows), more than --max-invalid \(limit) allows"
            )
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return EvaluationResult(
            settings: options.settings, threads: options.threads, partial: partial,
            metrics: partial.metrics(for: options.settings.task).map { Metric(name: $0.name, value: $0.value) },
            invalidRows: invalidRows, invalidBreakdown: breakdown, inputs: inputs, elapsedSeconds: seconds,
            peakResidentBytes: PeakMemory.residentBytes())
    }
}
