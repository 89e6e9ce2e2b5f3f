import Dispatch
import Synchronization

/// The shared state of one evaluation: which input to read next, the queue of chunks to parse, the pool of
/// chunk buffers, the invalid-row ledger and the earliest failure.
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
        case open(input: Int, path: String, buffer: ChunkBuffer)
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

    private enum InputStatus { case pending, idle, reading, done }

    private struct InputState {
        var path: String
        var status = InputStatus.pending
        var reader: ShardReader?
        var format: RecordFormat?
        var ledger: PositionLedger?
        var summary: InputSummary
    }

    private struct State {
        var inputs: [InputState]
        var nextInputToOpen = 0
        var openReaders = 0
        var queue: [Chunk] = []
        var queueHead = 0
        var freeBuffers: [ChunkBuffer] = []
        var buffersCreated = 0
        var activeJobs = 0
        var sleepers = 0
        var canonicalColumns: (input: Int, names: [String])?
        var failure: LocatedMessage?
        var invalidCounts = [Int](repeating: 0, count: InvalidReason.allCases.count)
        var samples: [LocatedMessage] = []
        var partial = MetricPartial()
        var compressedBytesRead = 0
        var rowsDone = 0
    }

    private let state: Mutex<State>
    private let wakeUp = DispatchSemaphore(value: 0)
    private let options: EvaluationOptions
    private let maxBuffers: Int
    private let bufferCapacity: Int
    private let totalCompressedBytes: Int?

    /// - Parameters:
    ///   - paths: The inputs, in order.
    ///   - totalCompressedBytes: Their total size when known, for progress.
    ///   - options: The evaluation options.
    init(paths: [String], totalCompressedBytes: Int?, options: EvaluationOptions) {
        self.options = options
        self.totalCompressedBytes = totalCompressedBytes
        maxBuffers = 2 * options.threads + 2
        bufferCapacity = ShardReader.bufferCapacity(for: options)
        let inputs = paths.map { path in
            InputState(
                path: path,
                summary: InputSummary(
                    path: path, format: nil, codec: .plain, rows: 0, invalidRows: 0, compressedBytes: 0,
                    decompressedBytes: 0))
        }
        state = Mutex(State(inputs: inputs))
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
        let stop = state.failure?.position
        if state.buffersCreated < maxBuffers || !state.freeBuffers.isEmpty {
            if let index = state.inputs.indices.first(where: { state.inputs[$0].status == .idle }),
                stop.map({ index <= $0.input }) ?? true
            {
                state.inputs[index].status = .reading
                state.activeJobs += 1
                return .read(state.inputs[index].reader!, takeBuffer(&state))
            }
            let index = state.nextInputToOpen
            if index < state.inputs.count, state.openReaders < options.threads, stop.map({ index <= $0.input }) ?? true
            {
                state.nextInputToOpen += 1
                state.openReaders += 1
                state.inputs[index].status = .reading
                state.activeJobs += 1
                return .open(input: index, path: state.inputs[index].path, buffer: takeBuffer(&state))
            }
        }
        while state.queueHead < state.queue.count {
            let chunk = state.queue[state.queueHead]
            state.queueHead += 1
            if state.queueHead > 64, state.queueHead * 2 > state.queue.count {
                state.queue.removeFirst(state.queueHead)
                state.queueHead = 0
            }
            if let stop, InputPosition(input: chunk.input, sequence: chunk.sequence, local: Int.min) > stop {
                state.freeBuffers.append(chunk.buffer)
                continue
            }
            state.activeJobs += 1
            return .parse(chunk)
        }
        return nil
    }

    private func isFinished(_ state: State) -> Bool {
        guard state.activeJobs == 0, state.queueHead == state.queue.count else { return false }
        let stopInput = state.failure?.position.input ?? Int.max
        let moreToRead = state.inputs.indices.contains { index in
            index <= stopInput && (state.inputs[index].status == .idle || state.inputs[index].status == .pending)
        }
        return !moreToRead
    }

    private func takeBuffer(_ state: inout State) -> ChunkBuffer {
        if let buffer = state.freeBuffers.popLast() { return buffer }
        state.buffersCreated += 1
        return ChunkBuffer(capacity: bufferCapacity)
    }

    /// Wakes every sleeping worker: something changed that may give them work, or end the evaluation.
    private func wakeSleepers(_ count: Int) {
        for _ in 0..<count { wakeUp.signal() }
    }

    private func finishJob(_ body: (inout State) -> Void) {
        let sleepers = state.withLock { state in
            state.activeJobs -= 1
            body(&state)
            defer { state.sleepers = 0 }
            return state.sleepers
        }
        wakeSleepers(sleepers)
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
                if let format = reader.format, state.inputs[input].format == nil {
                    adoptFormat(format, input: input, state: &state)
                }
            }
            switch outcome {
            case .chunk(let chunk):
                let stop = state.failure?.position
                if let stop, InputPosition(input: input, sequence: chunk.sequence, local: Int.min) > stop {
                    state.freeBuffers.append(chunk.buffer)
                    closeInput(input, state: &state)
                } else {
                    state.queue.append(chunk)
                    state.inputs[input].reader = reader
                    state.inputs[input].status = .idle
                }
            case .end(let buffer):
                state.freeBuffers.append(buffer)
                closeInput(input, state: &state)
            case .failed(let error, let buffer):
                state.freeBuffers.append(buffer)
                closeInput(input, state: &state)
                // Decoding stopped after the last chunk handed out, so the failure sorts after all of them.
                recordFailure(
                    LocatedMessage(
                        position: InputPosition(input: input, sequence: Int.max, local: Int.min), reason: nil,
                        error: error, absolutePosition: nil),
                    state: &state)
            }
        }
    }

    private func closeInput(_ input: Int, state: inout State) {
        state.inputs[input].reader = nil
        state.inputs[input].status = .done
        state.openReaders -= 1
    }

    /// The first chunk of an input fixes its format; every input must resolve to the same value columns.
    private func adoptFormat(_ format: RecordFormat, input: Int, state: inout State) {
        state.inputs[input].format = format
        state.inputs[input].summary.format = format.name
        state.inputs[input].ledger = PositionLedger(firstPosition: format.firstRecordPosition)
        let names = format.columns.slotNames
        guard let canonical = state.canonicalColumns else {
            state.canonicalColumns = (input, names)
            return
        }
        guard canonical.names != names else { return }
        let (early, late) = canonical.input < input ? (canonical.input, input) : (input, canonical.input)
        let earlyNames = early == canonical.input ? canonical.names : names
        let lateNames = early == canonical.input ? names : canonical.names
        let list = { (names: [String]) in names.map { "\"\($0)\"" }.joined(separator: ", ") }
        let error = XStreamError(
            .invalidHeader,
            "\(state.inputs[late].path): its label and prediction columns [\(list(lateNames))] differ from those of \(state.inputs[early].path) [\(list(earlyNames))]; name them with --label and --pred"
        )
        recordFailure(
            LocatedMessage(
                position: InputPosition(input: late, sequence: 0, local: Int.min), reason: nil, error: error,
                absolutePosition: nil),
            state: &state)
    }

    /// A parse job ended: `rows` valid rows were added to the worker's partial; `outcome` has the rest.
    func finishParse(_ chunk: Chunk, rows: Int, outcome: ChunkOutcome) {
        let transfer = UnsafeTransfer((chunk, outcome))
        finishJob { state in
            let (chunk, outcome) = transfer.wrappedValue
            state.freeBuffers.append(chunk.buffer)
            state.rowsDone += rows
            state.inputs[chunk.input].summary.rows += rows
            state.inputs[chunk.input].summary.invalidRows += outcome.invalidRows
            for (index, count) in outcome.invalidCounts.enumerated() { state.invalidCounts[index] += count }
            for sample in outcome.samples {
                let located = LocatedMessage(
                    position: InputPosition(input: chunk.input, sequence: chunk.sequence, local: sample.localPosition),
                    reason: sample.reason, error: XStreamError(.invalidRow, sample.message), absolutePosition: nil)
                if outcome.stopped {
                    recordFailure(located, state: &state)
                } else {
                    keepSample(located, state: &state)
                }
            }
            guard var ledger = state.inputs[chunk.input].ledger else { return }
            for (sequence, start) in ledger.record(sequence: chunk.sequence, count: outcome.positions) {
                resolve(input: chunk.input, sequence: sequence, start: start, state: &state)
            }
            state.inputs[chunk.input].ledger = ledger
        }
    }

    /// Adds a worker's partial once it has no more jobs.
    func deposit(_ partial: MetricPartial) {
        state.withLock { $0.partial.merge(partial) }
    }

    private func recordFailure(_ failure: LocatedMessage, state: inout State) {
        if let current = state.failure, current.position <= failure.position { return }
        state.failure = failure
    }

    /// Keeps the sample if it is among the first ``ChunkOutcome/samplesPerReason`` of its reason in input order.
    private func keepSample(_ sample: LocatedMessage, state: inout State) {
        let sameReason = state.samples.filter { $0.reason == sample.reason }
        if sameReason.count >= ChunkOutcome.samplesPerReason {
            guard let latest = sameReason.max(by: { $0.position < $1.position }), sample.position < latest.position
            else { return }
            state.samples.removeAll { $0.reason == sample.reason && $0.position == latest.position }
        }
        state.samples.append(sample)
    }

    private func resolve(input: Int, sequence: Int, start: Int, state: inout State) {
        let matches = { (message: LocatedMessage) in
            message.position.input == input && message.position.sequence == sequence
                && message.position.local != Int.min
        }
        for index in state.samples.indices where matches(state.samples[index]) {
            state.samples[index].absolutePosition = start + state.samples[index].position.local
        }
        if let failure = state.failure, matches(failure) {
            state.failure?.absolutePosition = start + failure.position.local
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
    /// - Throws: the earliest failure in input order, located by path and line or record.
    func result() throws -> (MetricPartial, invalidCounts: [Int], samples: [InvalidRowSummary], inputs: [InputSummary])
    {
        try state.withLock { state in
            if let failure = state.failure { throw locate(failure, state: state) }
            var summaries: [InvalidRowSummary] = []
            for (index, reason) in InvalidReason.allCases.enumerated() where state.invalidCounts[index] > 0 {
                let examples = state.samples.filter { $0.reason == reason }.sorted { $0.position < $1.position }
                summaries.append(
                    InvalidRowSummary(
                        reason: reason, count: state.invalidCounts[index],
                        examples: examples.map { locate($0, state: state).message }))
            }
            return (state.partial, state.invalidCounts, summaries, state.inputs.map(\.summary))
        }
    }

    private func locate(_ message: LocatedMessage, state: State) -> XStreamError {
        guard message.position.local != Int.min else { return message.error }
        let input = state.inputs[message.position.input]
        let location: String
        if let absolute = message.absolutePosition, let format = input.format {
            location = input.path + format.locationSuffix(position: absolute)
        } else {
            location = input.path
        }
        var error = message.error
        error.message = "\(location): \(message.error.message)"
        return error
    }
}
