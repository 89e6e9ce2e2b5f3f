import XStreamCodecs
import XStreamFormats
import XStreamMetrics

/// One worker thread's loop: takes jobs from the scheduler until there are none, reading and parsing chunks.
///
/// Each worker owns its evaluator (and so its exact partial sums) and its scratch space; nothing is
/// shared per row. The partial goes to the scheduler once, at the end.
struct ChunkWorker {
    private let scheduler: EvaluationScheduler
    private let options: EvaluationOptions
    private var evaluator: RowEvaluator?
    /// With slice columns, the evaluator that also adds each row to its slice (then `evaluator` stays nil).
    private var sliced: SlicedEvaluator?
    private var batch: RowBatch?
    private var outcome = ChunkOutcome()
    /// The radix sort's scratch space for this worker's rankings.
    private var rankingScratch: [UInt64] = []

    init(scheduler: EvaluationScheduler, options: EvaluationOptions) {
        self.scheduler = scheduler
        self.options = options
    }

    /// Runs jobs until the evaluation is over, then hands the partial to the scheduler.
    mutating func run() {
        while let job = scheduler.nextJob() {
            switch job {
            case .open(let input, let source, let buffer):
                do {
                    let reader = try ShardReader(
                        input: input, source: source, options: options, task: options.settings.task)
                    read(reader, into: buffer)
                } catch {
                    scheduler.finishRead(input: input, reader: nil, outcome: .failed(Self.wrap(error), buffer))
                }
            case .read(let reader, let buffer):
                read(reader, into: buffer)
            case .parse(let chunk):
                parse(chunk)
            }
        }
        if var evaluator = evaluator.take() {
            evaluator.partial.ranking?.seal(scratch: &rankingScratch)
            scheduler.deposit(evaluator.partial)
        }
        if var sliced = sliced.take() {
            sliced.sealRankings(scratch: &rankingScratch)
            rankingScratch = []
            scheduler.deposit(sliced.whole.partial)
            scheduler.deposit(slices: sliced.partials(), overflowed: sliced.overflowed)
        }
    }

    private func read(_ reader: ShardReader, into buffer: ChunkBuffer) {
        let outcome: EvaluationScheduler.ReadOutcome
        do {
            if let chunk = try reader.readChunk(into: buffer) {
                outcome = .chunk(chunk)
            } else {
                outcome = .end(buffer)
            }
        } catch {
            outcome = .failed(Self.wrap(error), buffer)
        }
        scheduler.finishRead(input: reader.input, reader: reader, outcome: outcome)
    }

    private mutating func parse(_ chunk: Chunk) {
        let columns = chunk.format.columns
        if !options.columns.slices.isEmpty { return parseSliced(chunk) }
        if evaluator == nil {
            evaluator = RowEvaluator(
                settings: options.settings, labelCount: columns.labelCount, predictionCount: columns.predictionCount,
                weighted: columns.weightCount > 0)
            batch = RowBatch(slots: columns.slotNames.count)
        }
        outcome.reset()
        // Inputs whose columns differ from the first input's are already reported as failed: skip them.
        guard let batch, evaluator?.labelCount == columns.labelCount,
            evaluator?.predictionCount == columns.predictionCount, var evaluator = evaluator.take()
        else {
            scheduler.finishParse(chunk, rows: 0, outcome: outcome)
            return
        }
        // Taken out of `self` while it works, so that its ranking's buffers have one owner and grow in place.
        let rowsBefore = evaluator.partial.rows
        chunk.parse(batch: batch, consumer: &evaluator, outcome: &outcome, strict: !options.skipInvalid)
        let rows = evaluator.partial.rows - rowsBefore
        if let bytes = evaluator.partial.ranking?.bufferedBytes, bytes > rankingShare {
            keepInBudget(chunk) { try evaluator.partial.ranking!.spill(to: $0, scratch: &$1) }
        }
        self.evaluator = evaluator
        scheduler.finishParse(chunk, rows: rows, outcome: outcome)
    }

    /// As ``parse(_:)``, with each row also added to its slice: the chunk's keys are read first, in a pass of
    /// their own.
    private mutating func parseSliced(_ chunk: Chunk) {
        let columns = chunk.format.columns
        if sliced == nil {
            let whole = RowEvaluator(
                settings: options.settings, labelCount: columns.labelCount, predictionCount: columns.predictionCount,
                weighted: columns.weightCount > 0)
            sliced = SlicedEvaluator(whole: whole, maxSlices: options.maxSlices)
            batch = RowBatch(slots: columns.slotNames.count)
        }
        outcome.reset()
        guard let batch, sliced?.whole.labelCount == columns.labelCount,
            sliced?.whole.predictionCount == columns.predictionCount, var sliced = sliced.take()
        else {
            scheduler.finishParse(chunk, rows: 0, outcome: outcome)
            return
        }
        sliced.prepare(keys: SliceKeyReader.keys(of: chunk.records, format: chunk.format, keyTable: chunk.keyTable))
        let rowsBefore = sliced.whole.partial.rows
        chunk.parse(batch: batch, consumer: &sliced, outcome: &outcome, strict: !options.skipInvalid)
        let rows = sliced.whole.partial.rows - rowsBefore
        if options.settings.ranksPredictions, sliced.rankingBytes > rankingShare {
            let target = rankingShare / 2
            keepInBudget(chunk) { try sliced.spillRankings(downTo: target, directory: $0, scratch: &$1) }
        }
        self.sliced = sliced
        scheduler.finishParse(chunk, rows: rows, outcome: outcome)
    }

    /// This worker's share of the ranking memory for buffered scores: two thirds of the budget split over the
    /// workers. The rest is the sorting's scratch space, as large as one label's keys, about half of them.
    private var rankingShare: Int { options.rankingMemory / 3 * 2 / options.threads }

    /// Spills rankings with `spill`, which gets the temporary folder and the scratch space; a failure stops
    /// the evaluation after `chunk`.
    private mutating func keepInBudget(_ chunk: Chunk, _ spill: (String, inout [UInt64]) throws -> Void) {
        do {
            try spill(options.temporaryDirectory, &rankingScratch)
        } catch {
            scheduler.fail(Self.wrap(error), at: chunk)
        }
    }

    private static func wrap(_ error: any Error) -> XStreamError {
        error as? XStreamError ?? XStreamError(.io, "read failed", cause: error)
    }
}
