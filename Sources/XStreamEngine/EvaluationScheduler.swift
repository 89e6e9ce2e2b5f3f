import Dispatch
import Synchronization
import XStreamCodecs
import XStreamFormats
import XStreamMetrics

/// The shared state of one evaluation: which input to read next, the chunks waiting to be parsed, the pool of
/// chunk buffers, the invalid-row ledger, and the partial sums workers deposit at the end.
///
/// Workers ask for jobs in a loop. Reading comes first while a buffer is free, so decompression never
/// waits for parsing; parsing takes the queued chunks; a worker with nothing to do sleeps until another
/// finishes a job. Buffers are bounded (two per thread, plus two), so at most that many chunks are in
/// flight whatever the size of the input. Inputs are read in order, at most one reader per thread at a
/// time; a failure at some position stops all work after that position, while the work before it goes on,
/// so the failure reported is always the earliest in input order.
final class EvaluationScheduler: Sendable {
    /// A unit of work for a worker.
    enum Job {
        /// Open input `input` and read its first chunk into the buffer.
        case open(input: Int, source: InputSource, buffer: ChunkBuffer)
        /// Read the next chunk of an open input.
        case read(ShardReader, ChunkBuffer)
        /// Parse a chunk.
        case parse(Chunk)
    }

    /// How a read job ended.
    enum ReadOutcome {
        case chunk(Chunk)
        case end(ChunkBuffer)
        case failed(XStreamError, ChunkBuffer)
    }

    /// What the run produced, once every worker has stopped.
    struct Outcome {
        var partial: MetricPartial
        var invalidRows: Int
        var invalidBreakdown: [InvalidRowSummary]
        var inputs: [InputSummary]
        /// Each input's fingerprint (``FingerprintingByteSource``), in input order.
        var fingerprints: [String]
        /// The label and prediction columns every input resolved to; nil when no input had a header.
        var columns: ColumnNames?
        /// With slice columns: each slice's partial, and whether some worker saw more keys than allowed.
        var slices: [SliceKey: MetricPartial]
        var slicesOverflowed: Bool
    }

    private enum InputStatus { case pending, idle, reading, done }

    private struct InputState {
        var source: InputSource
        var status = InputStatus.pending
        var reader: ShardReader?
        var summary: InputSummary
        var fingerprint = FingerprintingByteSource.emptyFingerprint
    }

    private struct State {
        var inputs: [InputState]
        var nextInputToOpen = 0
        var openReaders = 0
        var queue = ChunkQueue()
        var buffers: BufferPool
        var activeJobs = 0
        var sleepers = 0
        var columns = ColumnAgreement()
        var ledger: InvalidRowLedger
        var partial = MetricPartial()
        var slices: [SliceKey: MetricPartial] = [:]
        var slicesOverflowed = false
        var compressedBytesRead = 0
        var rowsDone = 0

        /// Whether work at `position` can still matter: it is not after the earliest failure.
        func isNeeded(_ position: InputPosition) -> Bool { ledger.stopPosition.map { position <= $0 } ?? true }
    }

    private let state: Mutex<State>
    private let wakeUp = DispatchSemaphore(value: 0)
    private let threads: Int
    private let totalCompressedBytes: Int?

    /// - Parameters:
    ///   - inputs: The inputs, in order.
    ///   - options: The evaluation options.
    init(inputs: [InputSource], options: EvaluationOptions) {
        threads = options.threads
        let sizes = inputs.map(\.byteCount)
        // Sparse files can claim sizes near Int.max: a total that overflows is unknown, not a trap.
        totalCompressedBytes = sizes.reduce(Optional(0)) { total, size in
            guard let total, let size, case (let sum, false) = total.addingReportingOverflow(size) else { return nil }
            return sum
        }
        let states = inputs.map { source in
            InputState(
                source: source,
                summary: InputSummary(
                    path: source.name, format: nil, codec: .plain, rows: 0, invalidRows: 0, compressedBytes: 0,
                    decompressedBytes: 0))
        }
        state = Mutex(
            State(
                inputs: states,
                buffers: BufferPool(
                    capacity: 2 * options.threads + 2, bufferSize: ShardReader.bufferCapacity(for: options)),
                ledger: InvalidRowLedger(inputNames: inputs.map(\.name))))
    }

    // MARK: Jobs

    /// The next job, waiting for one if need be; nil when the evaluation is over.
    func nextJob() -> Job? {
        while true {
            let answer: UnsafeTransfer<Job?>? = state.withLock { state in
                if let job = takeJob(&state) { return UnsafeTransfer(job) }
                if isFinished(state) { return UnsafeTransfer(nil) }
                state.sleepers += 1
                return nil
            }
            if let answer { return answer.wrappedValue }
            wakeUp.wait()
        }
    }

    private func takeJob(_ state: inout State) -> Job? {
        if state.buffers.hasBuffer {
            if let index = state.inputs.indices.first(where: { state.inputs[$0].status == .idle }),
                state.isNeeded(.chunk(0, of: index))
            {
                state.inputs[index].status = .reading
                state.activeJobs += 1
                return .read(state.inputs[index].reader!, state.buffers.take())
            }
            let index = state.nextInputToOpen
            if index < state.inputs.count, state.openReaders < threads, state.isNeeded(.chunk(0, of: index)) {
                state.nextInputToOpen += 1
                state.openReaders += 1
                state.inputs[index].status = .reading
                state.activeJobs += 1
                return .open(input: index, source: state.inputs[index].source, buffer: state.buffers.take())
            }
        }
        while let chunk = state.queue.popFirst() {
            guard state.isNeeded(chunk.position) else {
                state.buffers.give(chunk.buffer)
                continue
            }
            state.activeJobs += 1
            return .parse(chunk)
        }
        return nil
    }

    private func isFinished(_ state: State) -> Bool {
        guard state.activeJobs == 0, state.queue.isEmpty else { return false }
        return !state.inputs.indices.contains { index in
            (state.inputs[index].status == .idle || state.inputs[index].status == .pending)
                && state.isNeeded(.chunk(0, of: index))
        }
    }

    /// Ends a job: applies `body` under the lock, then wakes every sleeping worker, since what changed may
    /// give them work or end the evaluation.
    private func finishJob(_ body: (inout State) -> Void) {
        let sleepers = state.withLock { state in
            state.activeJobs -= 1
            body(&state)
            defer { state.sleepers = 0 }
            return state.sleepers
        }
        for _ in 0..<sleepers { wakeUp.signal() }
    }

    // MARK: Reports from workers

    /// A read job for input `input` ended; `reader` is nil when the input could not be opened.
    func finishRead(input: Int, reader: ShardReader?, outcome: ReadOutcome) {
        let transfer = UnsafeTransfer((reader, outcome))
        finishJob { state in
            let (reader, outcome) = transfer.wrappedValue
            if let reader {
                state.compressedBytesRead += reader.compressedBytes - state.inputs[input].summary.compressedBytes
                state.inputs[input].summary.compressedBytes = reader.compressedBytes
                state.inputs[input].summary.decompressedBytes = reader.decompressedBytes
                state.inputs[input].summary.codec = reader.codec
                state.inputs[input].fingerprint = reader.fingerprint
                if let format = reader.format, state.inputs[input].summary.format == nil {
                    adopt(format, input: input, state: &state)
                }
            }
            switch outcome {
            case .chunk(let chunk):
                if state.isNeeded(chunk.position) {
                    state.queue.append(chunk)
                    state.inputs[input].reader = reader
                    state.inputs[input].status = .idle
                } else {
                    state.buffers.give(chunk.buffer)
                    closeInput(input, state: &state)
                }
            case .end(let buffer):
                state.buffers.give(buffer)
                closeInput(input, state: &state)
            case .failed(let error, let buffer):
                state.buffers.give(buffer)
                closeInput(input, state: &state)
                // Decoding stopped after the last chunk handed out, so the failure sorts after all of them.
                state.ledger.recordFailure(error, at: .end(of: input))
            }
        }
    }

    private func closeInput(_ input: Int, state: inout State) {
        state.inputs[input].reader = nil
        state.inputs[input].status = .done
        state.openReaders -= 1
    }

    /// The first chunk of an input fixes its format; every input must resolve to the same value columns.
    private func adopt(_ format: RecordFormat, input: Int, state: inout State) {
        state.inputs[input].summary.format = format.name
        state.ledger.adopt(format, input: input)
        let name = state.inputs[input].source.name
        if let (late, error) = state.columns.check(format.columns, input: input, name: name) {
            state.ledger.recordFailure(error, at: .chunk(0, of: late))
        }
    }

    /// A parse job ended: `rows` valid rows were added to the worker's partial; `outcome` has the rest.
    func finishParse(_ chunk: Chunk, rows: Int, outcome: ChunkOutcome) {
        let transfer = UnsafeTransfer((chunk, outcome))
        finishJob { state in
            let (chunk, outcome) = transfer.wrappedValue
            state.buffers.give(chunk.buffer)
            state.rowsDone += rows
            state.inputs[chunk.input].summary.rows += rows
            state.inputs[chunk.input].summary.invalidRows += outcome.invalidRows
            state.ledger.record(outcome, input: chunk.input, sequence: chunk.sequence)
        }
    }

    /// A worker failed at `chunk` after parsing it (a ranking's temporary file could not be written): the
    /// failure stops the work after that chunk, as an input's failure does.
    func fail(_ error: XStreamError, at chunk: Chunk) {
        state.withLock { $0.ledger.recordFailure(error, at: chunk.position) }
    }

    /// Adds a worker's partial once it has no more jobs.
    func deposit(_ partial: MetricPartial) {
        state.withLock { $0.partial.merge(partial) }
    }

    /// Adds a worker's slice partials once it has no more jobs.
    func deposit(slices: [SliceKey: MetricPartial], overflowed: Bool) {
        state.withLock { state in
            state.slices.merge(slices) { mine, theirs in
                var merged = mine
                merged.merge(theirs)
                return merged
            }
            state.slicesOverflowed = state.slicesOverflowed || overflowed
        }
    }

    // MARK: Results

    /// A snapshot for progress display.
    var progress: EvaluationProgress {
        state.withLock { state in
            EvaluationProgress(
                compressedBytes: state.compressedBytesRead, totalCompressedBytes: totalCompressedBytes,
                rows: state.rowsDone)
        }
    }

    /// The outcome once every worker has stopped.
    /// - Throws: the earliest failure in input order, located by input and line or record.
    func outcome() throws -> Outcome {
        try state.withLock { state in
            if let failure = state.ledger.locatedFailure() { throw failure }
            return Outcome(
                partial: state.partial, invalidRows: state.ledger.invalidRows,
                invalidBreakdown: state.ledger.summaries(), inputs: state.inputs.map(\.summary),
                fingerprints: state.inputs.map(\.fingerprint), columns: state.columns.agreed, slices: state.slices,
                slicesOverflowed: state.slicesOverflowed)
        }
    }
}
