import XStreamCodecs
import XStreamFormats

/// The invalid rows and failures of one run, in input order, in bounded memory: counts by reason, the first
/// few rows of each reason, and the earliest failure, each located by input and line or record once the
/// start of its chunk is known.
///
/// Chunks finish in any order; the ledger keeps only what the report can show, so its size does not grow with
/// the input.
struct InvalidRowLedger {
    private struct InputEntry {
        var name: String
        var format: RecordFormat?
        var positions: PositionLedger?
    }

    private var inputs: [InputEntry]
    /// Invalid rows by ``InvalidReason`` (indexed by the reason's position in `allCases`).
    private(set) var invalidCounts = [Int](repeating: 0, count: InvalidReason.allCases.count)
    private var samples: [LocatedMessage] = []
    private var failure: LocatedMessage?

    /// - Parameter inputNames: The inputs' names, in input order.
    init(inputNames: [String]) {
        inputs = inputNames.map { InputEntry(name: $0) }
    }

    /// Where the earliest failure so far is: work after it is not needed.
    var stopPosition: InputPosition? { failure?.position }

    /// Invalid rows skipped in all.
    var invalidRows: Int { invalidCounts.reduce(0, +) }

    /// The first chunk of `input` fixes its format, which says how its records are numbered.
    mutating func adopt(_ format: RecordFormat, input: Int) {
        guard inputs[input].format == nil else { return }
        inputs[input].format = format
        inputs[input].positions = PositionLedger(firstPosition: format.firstRecordPosition)
    }

    /// Records a failure that is not one row's (decoding, header, columns); the earliest is kept.
    mutating func recordFailure(_ error: XStreamError, at position: InputPosition) {
        record(LocatedMessage(position: position, reason: nil, error: error))
    }

    /// Records what parsing chunk `sequence` of `input` found: its invalid rows, and in strict mode the row it
    /// stopped at as a failure.
    mutating func record(_ outcome: ChunkOutcome, input: Int, sequence: Int) {
        for (index, count) in outcome.invalidCounts.enumerated() { invalidCounts[index] += count }
        for sample in outcome.samples {
            let located = LocatedMessage(
                position: InputPosition(input: input, chunk: .number(sequence), point: .row(sample.localPosition)),
                reason: sample.reason, error: XStreamError(.invalidRow, sample.message, remedy: sample.remedy),
                column: sample.column, text: sample.text)
            if outcome.stopped {
                record(located)
            } else {
                keepSample(located)
            }
        }
        guard var positions = inputs[input].positions else { return }
        for (chunk, start) in positions.record(sequence: sequence, count: outcome.positions) {
            resolve(input: input, sequence: chunk, start: start)
        }
        inputs[input].positions = positions
    }

    /// The earliest failure, located by input and line or record; nil when there was none.
    func locatedFailure() -> XStreamError? { failure.map(locate) }

    /// The invalid rows by reason, reasons in a fixed order, each with its first locations in input order.
    func summaries() -> [InvalidRowSummary] {
        InvalidReason.allCases.enumerated().compactMap { index, reason in
            guard invalidCounts[index] > 0 else { return nil }
            let examples = samples.filter { $0.reason == reason }.sorted { $0.position < $1.position }
            return InvalidRowSummary(
                reason: reason, count: invalidCounts[index],
                examples: examples.map { sample in
                    let error = locate(sample)
                    return InvalidRowExample(
                        location: error.location ?? Location(inputs[sample.position.input].name), column: sample.column,
                        reason: reason, text: sample.text, message: error.message)
                })
        }
    }

    private mutating func record(_ failure: LocatedMessage) {
        if let current = self.failure, current.position <= failure.position { return }
        self.failure = failure
    }

    /// Keeps the sample if it is among the first ``ChunkOutcome/samplesPerReason`` of its reason in input order.
    private mutating func keepSample(_ sample: LocatedMessage) {
        let sameReason = samples.filter { $0.reason == sample.reason }
        if sameReason.count >= ChunkOutcome.samplesPerReason {
            guard let latest = sameReason.max(by: { $0.position < $1.position }), sample.position < latest.position
            else { return }
            samples.removeAll { $0.reason == sample.reason && $0.position == latest.position }
        }
        samples.append(sample)
    }

    /// Chunk `sequence` of `input` starts at input-wide position `start`: its rows' positions become known.
    private mutating func resolve(input: Int, sequence: Int, start: Int) {
        func absolute(_ message: LocatedMessage) -> Int? {
            guard message.position.input == input, message.position.chunk == .number(sequence),
                case .row(let local) = message.position.point
            else { return nil }
            return start + local
        }
        for index in samples.indices {
            if let position = absolute(samples[index]) { samples[index].absolutePosition = position }
        }
        if let failure, let position = absolute(failure) { self.failure?.absolutePosition = position }
    }

    private func locate(_ message: LocatedMessage) -> XStreamError {
        guard case .row = message.position.point else { return message.error }
        let input = inputs[message.position.input]
        guard let absolute = message.absolutePosition, let format = input.format else {
            return message.error.located(at: Location(input.name))
        }
        return message.error.located(at: format.location(of: absolute, in: input.name))
    }
}
