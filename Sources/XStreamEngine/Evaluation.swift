import Dispatch
import XStreamCodecs
import XStreamMetrics

/// One evaluation of a set of inputs: runs the worker pool over them and returns the exact result.
///
/// ```swift
/// let evaluation = try Evaluation(paths: ["a.csv.zst", "b.csv.zst"],
///                                 options: EvaluationOptions(settings: EvaluationSettings(task: .binary)))
/// let result = try evaluation.run()
/// ```
public final class Evaluation: Sendable {
    /// The inputs, in order.
    public let inputs: [InputSource]
    /// The options.
    public let options: EvaluationOptions
    private let scheduler: EvaluationScheduler

    /// Prepares an evaluation of `inputs`.
    /// - Throws: ``XStreamError`` (`usage`) when there are no inputs, or one file is given twice (another
    ///   spelling, a link, standard input redirected from it: it would be counted twice).
    public init(inputs: [InputSource], options: EvaluationOptions) throws {
        guard !inputs.isEmpty else { throw XStreamError(.usage, "no inputs given") }
        try DistinctInputs.check(inputs.map(\.name))
        try options.checkRanking()
        self.inputs = inputs
        self.options = options
        scheduler = EvaluationScheduler(inputs: inputs, options: options)
    }

    /// Prepares an evaluation of files (`-` for standard input), checking that every one can be read before
    /// any work starts.
    /// - Throws: ``XStreamError`` for no inputs, standard input named twice, or an input that cannot be read.
    public convenience init(paths: [String], options: EvaluationOptions) throws {
        try self.init(inputs: InputSource.files(paths), options: options)
    }

    /// How far the evaluation has got; safe to call from any thread while ``run()`` works.
    public var progress: EvaluationProgress { scheduler.progress }

    /// Reads every input once, on `options.threads` workers, and computes the result.
    /// - Throws: the earliest failure in input order (``XStreamError``), or `noRows` when no valid row was
    ///   found, or `tooManyInvalidRows` when skipped rows exceed `options.maxInvalid`.
    public func run() throws -> EvaluationResult {
        try evaluate(fingerprinting: false).finalize(maxInvalid: options.maxInvalid)
    }

    /// Reads every input once, on `options.threads` workers, and returns the exact state, to be merged with
    /// other partials and finalized once: no rows, and any number of skipped rows, are not an error here.
    /// - Throws: the earliest failure in input order (``XStreamError``).
    public func runPartial() throws -> EvaluationPartial {
        var partial = try evaluate(fingerprinting: true)
        try partial.gatherRankingsInMemory()
        return partial
    }

    /// Runs the workers over every input. Fingerprints (a hash of every raw byte) are what a merge tells
    /// inputs apart by, so only a partial that leaves the process pays for them.
    private func evaluate(fingerprinting: Bool) throws -> EvaluationPartial {
        let startedAt = UTCTimestamp.now()
        let clock = ContinuousClock()
        let start = clock.now
        let scheduler = self.scheduler
        let options = {
            var options = self.options
            options.fingerprintsInputs = fingerprinting
            return options
        }()
        DispatchQueue.concurrentPerform(iterations: options.threads) { _ in
            var worker = ChunkWorker(scheduler: scheduler, options: options)
            worker.run()
        }
        let outcome = try scheduler.outcome()
        let elapsed = clock.now - start
        var partial = EvaluationPartial(options: options)
        partial.startedAt = startedAt
        partial.labelColumns = outcome.columns?.labels
        partial.predictionColumns = outcome.columns?.predictions
        partial.partial.merge(outcome.partial)
        if outcome.slicesOverflowed || outcome.slices.count > options.maxSlices {
            throw XStreamError(
                .tooManySlices,
                "more than \(options.maxSlices) distinct slice keys: the slices would not fit the limit",
                remedy: .allowMoreSlices)
        }
        partial.slices = outcome.slices
        partial.invalidBreakdown = outcome.invalidBreakdown
        partial.inputs = zip(outcome.inputs, outcome.fingerprints).map(PartialInput.init)
        partial.threads = options.threads
        partial.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        partial.peakResidentBytes = PeakMemory.residentBytes()
        return partial
    }
}
